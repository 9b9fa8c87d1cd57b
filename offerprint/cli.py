"""The command line: a thin click layer over the library (every command's work is a function
that tests call directly)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .check import check_offer, format_report
from .errors import OfferInputError, OfferprintError
from .fileio import write_atomic
from .load import load_offer
from .model import SETTING_KINDS, json_schema
from .new import new_offer_yaml
from .questions import question_sets, tailor_wording

OFFER_ARG = click.argument("offer", type=click.Path(path_type=Path))


class _Main(click.Group):
    """Turns any unexpected exception into one line (a traceback only with --debug)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"offerprint: internal error: {type(exc).__name__}: {exc} "
                       "(please report it; run with --debug to see the details)", err=True)
            sys.exit(70)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="offerprint")
@click.option("--debug", is_flag=True, help="Show a traceback when something goes wrong.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """offerprint: a school's SEN information report, from one offer.yaml, in every format
    families ask for."""
    ctx.obj = {"debug": debug}


@main.command()
@click.option("--questions", "set_id", required=True, help="The question set: " + ", ".join(question_sets()) + ".")
@click.option("--kind", required=True, type=click.Choice(SETTING_KINDS), help="The kind of setting.")
@click.option("--name", required=True, help="The setting's name, as families know it.")
@click.option("--force", is_flag=True, help="Overwrite an existing offer.yaml.")
@click.argument("path", type=click.Path(path_type=Path))
def new(set_id: str, kind: str, name: str, force: bool, path: Path) -> None:
    """Start a new offer at PATH (a folder or FOLDER/offer.yaml) with every question of a set."""
    target = path / "offer.yaml" if path.is_dir() or not path.suffix else path
    if target.exists() and not force:
        raise OfferInputError(f"{target}: already exists, so it was left as it is (add --force to replace it)")
    write_atomic(target, new_offer_yaml(set_id, kind, name))
    click.echo(f"Wrote {target}. Replace every TODO, then run: offerprint check {target.parent}")


@main.command()
@OFFER_ARG
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Report format.")
def check(offer: Path, strict: bool, fmt: str) -> None:
    """Check an offer: complete, accessible, collaborative, transparent.

    Exit 0 when there are no errors, 1 when the content has errors (or warnings with --strict),
    2 when the file cannot be read or is not a valid offer.
    """
    report = check_offer(load_offer(offer))
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), indent=2, default=str))
    else:
        click.echo(format_report(report))
    if report.errors or (strict and report.warnings):
        sys.exit(1)


@main.command()
def schema() -> None:
    """Print the JSON Schema of offer.yaml (for editors' autocompletion)."""
    click.echo(json.dumps(json_schema(), indent=2))


@main.command()
@click.argument("set_id", required=False)
@click.option("--kind", type=click.Choice(SETTING_KINDS), help="Word the questions for this kind of setting.")
def questions(set_id: str | None, kind: str | None) -> None:
    """List the question sets, or the questions (ids and prompts) of one set."""
    sets = question_sets()
    if set_id is None:
        for qs in sets.values():
            click.echo(f"{qs.id:<18} {len(qs.questions):>3} questions  {qs.title}")
        return
    if set_id not in sets:
        raise OfferInputError(f"'{set_id}' is not a question set (use one of: {', '.join(sets)})")
    for q in sets[set_id].questions:
        text = tailor_wording(q.question, kind) if kind else q.question
        phase = f" [{', '.join(q.phases)} only]" if q.phases else ""
        click.echo(f"{q.id}{phase}\n  {text}")
        for prompt in q.prompts:
            click.echo(f"    - {tailor_wording(prompt, kind) if kind else prompt}")
