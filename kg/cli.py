"""The ``osce-kg`` command line. The only place where errors become exit codes."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.errors import KGError
from kg.settings import Settings

QUERY_FORMATS = ("csv", "tsv", "json", "xml", "ttl", "nt", "jsonld", "rdfxml")
EXPORT_FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml")


class KGGroup(click.Group):
    """Turns :class:`KGError` into a message on stderr and exit status 1."""

    command_line = False  # whether the arguments came from this process's command line

    def main(self, args=None, *rest, **options):
        self.command_line = args is None
        return super().main(args, *rest, **options)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KGError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)


@click.group(cls=KGGroup)
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of YAML sources and pages/ [env OSCE_KG_DATA; default: data/].")
@click.option("--home", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the store builds [env OSCE_KG_HOME; default: var/].")
@click.pass_context
def main(ctx, data_dir, home):
    """Build, check, query and export the OSCE knowledge graph."""
    ctx.obj = Settings.from_env(data_dir=data_dir, home=home)


def _store(settings: Settings):
    from kg.store import Store, StoreHome

    return Store(StoreHome(settings.home).current_build() / "store")


@main.command()
@click.option("--no-shacl", is_flag=True, help="Skip SHACL validation (references are still checked).")
@click.option("--strict", is_flag=True, help="A page that is not a recognisable release fails the build.")
@click.pass_obj
def build(settings: Settings, no_shacl: bool, strict: bool):
    """Build the graph from data/ and data/pages/ into a fresh store and swap it in (all or nothing)."""
    from kg.build import build as run_build

    result = run_build(settings, validate_shapes=not no_shacl, strict=strict)
    for problem in result.skipped:
        click.echo(f"skipped {problem}", err=True)
    click.echo(f"built version {result.version}: {result.quads} quads in {result.graphs} named graphs")
    click.echo(f"store: {result.path / 'store'}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes (one per core is usual).")
@click.option("--threads", default=2, show_default=True, type=click.IntRange(1, 256),
              help="Request threads per worker.")
@click.option("--timeout", "query_timeout", type=click.FloatRange(0.1, 3600), help="Query time limit in seconds [default 30].")
@click.option("--access-log", is_flag=True, help="Write a line per request to standard output.")
@click.pass_obj
def serve(settings: Settings, host: str, port: int, workers: int, threads: int, query_timeout: float | None,
          access_log: bool):
    """Serve the built graph: SPARQL endpoint and pages (Granian, several worker processes)."""
    from server import config as server_config
    from server.wsgi import serve as run_server

    app_config = {**server_config.from_env(), "HOME": str(settings.home)}
    if query_timeout is not None:
        app_config["QUERY_TIMEOUT"] = query_timeout
    from kg.store import StoreHome

    StoreHome(settings.home).current_build()  # fail now, with the message, if nothing is built
    from server.allocator import restart_with

    from_command_line = getattr(click.get_current_context().find_root().command, "command_line", False)
    click.echo(f"memory allocator: {restart_with(str(app_config.get('ALLOCATOR', 'auto')), from_command_line=from_command_line)}",
               err=True)
    run_server(host, port, workers, threads, app_config, access_log)


@main.command("parse-page")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "output_format", type=click.Choice(("json", "text")), default="json", show_default=True)
@click.pass_obj
def parse_page(settings: Settings, file: Path, output_format: str):
    """Show what the parser and linker find in a page, without touching the store.

    Names come from the built store when there is one, else from the YAML sources."""
    import json

    from kg.releases import describe, read_page

    gazetteer = _gazetteer(settings)
    found = describe(read_page(file, gazetteer), gazetteer)
    if output_format == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    click.echo(f"{found['title']} ({found['date']}, {found['release']})")
    for item in found["links"]:
        click.echo(f"  {item['start']:>5}-{item['end']:<5} {item['evidence']!r:40} -> {item['type']}: {item['label']}")
    for quote in found["quotes"]:
        click.echo(f"  quote by {quote['speaker']['label']}: {quote['text'][:60]!r}")


@main.command("add-page")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="A page that is not a recognisable release fails the command.")
@click.pass_obj
def add_page(settings: Settings, files: tuple[Path, ...], strict: bool):
    """Add or replace press releases in the built store without rebuilding the rest.

    The files are copied into data/pages/ so the next full build keeps them."""
    from kg.update import add_pages

    result = add_pages(settings, list(files), strict=strict)
    for problem in result.skipped:
        click.echo(f"skipped {problem}", err=True)
    for label in result.unchanged:
        click.echo(f"unchanged {label}")
    for label in result.added:
        click.echo(f"added {label}")
    for label in result.removed:
        click.echo(f"removed {label} (its release is replaced)")
    click.echo(f"version {result.version}")


def _gazetteer(settings: Settings):
    """The names to link with: from the served store, or compiled from the YAML if there is none."""
    from kg.errors import StoreError
    from kg.gazetteer import Gazetteer
    from kg.releases import gazetteer_of_store

    try:
        return gazetteer_of_store(_store(settings))
    except StoreError:
        from kg.build import compile_curated

        quads, _sources, _origins = compile_curated(settings)
        return Gazetteer.from_triples(q[:3] for q in quads)


@main.command()
@click.pass_obj
def validate(settings: Settings):
    """Check the sources and the SHACL shapes without touching the store."""
    from kg.build import compile_graph
    from kg.validate import check_graph

    compiled = compile_graph(settings)
    check_graph(compiled, settings)
    click.echo(f"valid: {len(compiled.quads)} quads from {len(compiled.sources)} sources (version {compiled.version})")


@main.command()
@click.argument("sparql")
@click.option("--format", "result_format", type=click.Choice(QUERY_FORMATS),
              help="Result format [default: csv for SELECT/ASK, ttl for CONSTRUCT/DESCRIBE].")
@click.pass_obj
def query(settings: Settings, sparql: str, result_format: str | None):
    """Run a SPARQL query over the graph (prefixes osce:, org:, schema:, skos:, ... predeclared).

    SPARQL is the query text, '-' for standard input, or @FILE."""
    if sparql == "-":
        sparql = sys.stdin.read()
    elif sparql.startswith("@"):
        try:
            sparql = Path(sparql[1:]).read_text(encoding="utf-8")
        except OSError as exc:
            raise click.BadParameter(f"cannot read {sparql[1:]}: {exc.strerror}", param_hint="SPARQL")
    store = _store(settings)
    if result_format is None:
        result_format = "ttl" if _is_graph_query(sparql) else "csv"
    store.write_results(sparql, sys.stdout.buffer, result_format)
    sys.stdout.flush()


def _is_graph_query(sparql: str) -> bool:
    import re

    body = re.sub(r"(?im)^\s*(#.*|prefix\s+\S*\s*<[^>]*>|base\s+<[^>]*>)\s*$", "", sparql)
    return bool(re.match(r"\s*(CONSTRUCT|DESCRIBE)\b", body, re.IGNORECASE))


@main.command()
@click.option("--format", "rdf_format", type=click.Choice(EXPORT_FORMATS),
              help="RDF syntax [default: from the file extension].")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="File to write; gzipped when the name ends in .gz.")
@click.pass_obj
def export(settings: Settings, rdf_format: str | None, output: Path):
    """Export the whole graph (streamed; dataset formats keep the named graphs)."""
    from kg.export import export as run_export, format_for

    fmt = format_for(output, rdf_format)
    size = run_export(_store(settings), output, fmt)
    click.echo(f"wrote {output} ({fmt}, {size} bytes)")


@main.command()
@click.pass_obj
def stats(settings: Settings):
    """Counts: quads, named graphs, entities per class."""
    from kg.named_queries import named_query
    from kg.vocab import curie

    store = _store(settings)
    click.echo(f"quads: {len(store)}")
    click.echo("named graphs:")
    for row in store.rows(named_query("graphs")):
        click.echo(f"  {row['triples']:>7}  {row['graph']}")
    click.echo("entities per class:")
    for row in store.rows(named_query("classes")):
        label = f"{row['label']} " if "label" in row else ""
        click.echo(f"  {row['entities']:>7}  {label}({curie(str(row['class']))})")


@main.command()
@click.argument("pages", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--verbose", "-v", is_flag=True, help="List every item, not only the missing ones.")
@click.pass_obj
def completeness(settings: Settings, pages: tuple[Path, ...], verbose: bool):
    """Check that every entity named in a scraped page's site menu is in the graph.

    PAGES default to the pages in data/pages/ that carry the site menu."""
    from kg.completeness import check_page, menu_items

    if not pages:
        pages = tuple(p for p in sorted(settings.pages_dir.glob("*.txt"))
                      if menu_items(p.read_text(encoding="utf-8")))
        if not pages:
            raise click.UsageError(f"no page with a site menu in {settings.pages_dir}")
    store = _store(settings)
    missing = 0
    for page in pages:
        findings = check_page(store, page)
        if not findings:
            raise click.UsageError(f"{page}: no site menu found")
        for f in findings:
            if not f.ok:
                missing += 1
                click.echo(f"MISSING {page}:{f.item.line}: {f.item.section} / {f.item.label}: expected {f.expected}")
            elif verbose:
                click.echo(f"ok      {f.item.section} / {f.item.label}: {f.reason or ', '.join(f.found)}")
        click.echo(f"{page}: {len(findings)} menu items, {len(findings) - missing} found or exempt, {missing} missing")
    if missing:
        sys.exit(1)


if __name__ == "__main__":
    main()
