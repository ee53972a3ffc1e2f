"""Relations between mentions: who did what with whose money, where and when, and their resolution."""
