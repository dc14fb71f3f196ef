"""osce-kg: a linked-data knowledge graph of the OSCE.

The builder library: IRIs and vocabulary, YAML and page loaders, the Oxigraph store,
validation, export and the command line. It never imports the web server.
"""

__version__ = "0.1.0"
