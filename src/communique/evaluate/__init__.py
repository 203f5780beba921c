"""Scoring against hand-made gold data: the seeds' gold file and the event sentence set."""
