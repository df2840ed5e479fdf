"""tracker: obligations, quoted evidence, status history and reports for agreements."""

__version__ = "0.1.0"
