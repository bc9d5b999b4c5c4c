"""The explainable scorer: rubric files, a registry of detectors, the engine, scorecards.

Pure: no Flask, no database, no clock, no randomness. The same message, rubric and context
always give the same scorecard.
"""

from trainer.scoring.context import Context, ContextError
from trainer.scoring.engine import grade
from trainer.scoring.rubric import Rubric
from trainer.scoring.rubric_files import load_rubric_files
from trainer.scoring.scorecard import Scorecard

__all__ = ["Context", "ContextError", "Rubric", "Scorecard", "grade", "load_rubric_files"]
