"""Export stage: the knowledge base in the formats analysts' other tools read.

Every exporter reads the store through SQLAlchemy Core and writes one file
(or a folder for CSV). Formats:

- ``jsonl``: one ``communique.document/1`` object per document;
- ``csv``: a folder with documents.csv, entities.csv, quotes.csv, events.csv, facts.csv;
- ``parquet``: the same tables as Parquet files (pyarrow);
- ``plover``: PLOVER-style event records, one JSON object per line;
- ``cameo``: tab-separated CAMEO event data (date, source, target, code, …);
- ``graphml`` / ``gexf``: the actor network (co-actors of events, weighted);
- ``ftm``: FollowTheMoney entities (Person, Organization, Country) as JSON Lines, for Aleph.
"""

from communique.export.writers import EXPORTERS, export

__all__ = ["EXPORTERS", "export"]
