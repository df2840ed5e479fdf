"""Files shipped with the tracker: the catalogue and the seed corpus.

In a checkout these are links to the project's top-level `obligations.yaml`
and `seeds/`, so there is one copy to edit; a wheel carries the files
themselves (read with importlib.resources)."""
