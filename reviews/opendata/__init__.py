"""The awards as the law requires them published: the SCDL « subventions »
export (``scdl``), with the schema and its licence shipped alongside (see the
README)."""
