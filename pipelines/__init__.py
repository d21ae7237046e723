"""Item pipelines, one module per stage; their order is in ``newsbot/settings.py``."""
