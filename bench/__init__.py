"""`make bench`: Sillon's performance figures, each a ratio to a baseline
measured in the same run (docs/performance.md)."""
