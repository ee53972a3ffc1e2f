"""The gold-standard evaluator (bench/evaluate.py, a script) loaded as a module for the tests."""

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_evaluator():
    if "bench.evaluate" in sys.modules:
        return sys.modules["bench.evaluate"]
    spec = importlib.util.spec_from_file_location("bench.evaluate", ROOT / "bench" / "evaluate.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["bench.evaluate"] = mod
    spec.loader.exec_module(mod)
    return mod
