"""The web application that serves the built graph (SPARQL endpoint, entity pages, dumps).

It reads the store the ``kg`` library builds and never writes to it.
"""
