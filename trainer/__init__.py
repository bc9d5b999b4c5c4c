"""Reconnect: a sales-training simulator and certification platform for dealership teams.

The pure domain core lives in `trainer.scenarios` and `trainer.scoring`; the command line in
`trainer.cli`. Nothing runs at import time.
"""

__version__ = "0.1.0"
