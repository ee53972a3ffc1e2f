"""`python -m reportgraph`: the command line."""

from reportgraph.cli.main import main

if __name__ == "__main__":
    main()
