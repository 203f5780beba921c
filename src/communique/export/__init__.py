"""Export stage: the knowledge base in the formats analysts' other tools read.

Every exporter reads the store through ``communique.store.read`` (so analyst
corrections reach every file) and writes one file (or a folder for CSV and
Parquet). Formats:

- ``jsonl``: one ``communique.document/1`` object per document;
- ``csv``: a folder with documents, entities, quotes, events, mentions and facts (.csv, via pyarrow);
- ``parquet``: the same tables as Parquet files (pyarrow);
- ``plover``: PLOVER-style event records, one JSON object per line;
- ``cameo``: tab-separated CAMEO event data (date, source, target, code, …);
- ``graphml`` / ``gexf``: the actor network (co-actors of events, weighted);
- ``ftm``: FollowTheMoney entities (Person, Organization, PublicBody, Document, Mention, Event) as JSON
  Lines, for Aleph.
"""

from communique.export.writers import EXPORTERS, export

__all__ = ["EXPORTERS", "export"]
