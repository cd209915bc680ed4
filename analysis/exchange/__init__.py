"""Exchange formats: files other programs open.

``xlsx``    coding sheets as Excel workbooks (drop-down lists, locked text)
``qdpx``    REFI-QDA projects (``.qdpx``) and codebooks (``.qdc``) for
            MAXQDA, NVivo, ATLAS.ti, QualCoder
``export``  networks as GraphML / edge lists and tables as CSV
``commands`` the ``qdpx`` and ``export`` subcommands of :mod:`analysis.cli`

Importing this package does nothing; each module imports its own libraries.
"""
