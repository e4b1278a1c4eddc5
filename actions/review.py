"""The review-meeting page: one row per action, editable where the user may rate it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import QueryDict

from actions.models import Action, ProgressUpdate, ReportingPeriod
from actions.services import ReviewEntry
from actions.snapshot import ActionRow, ThemeSection


def clean_text(text: str) -> str:
    """Browsers send line breaks as CRLF; the plan keeps LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


class ReviewRowForm(forms.Form):
    """One action's rating and progress on the review page."""

    rating = forms.ChoiceField(label="Rating", required=False, widget=forms.RadioSelect)
    narrative = forms.CharField(
        label="Progress", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = choices

    def clean_narrative(self) -> str:
        return clean_text(self.cleaned_data["narrative"])


@dataclass
class ReviewRow:
    """An action on the review page: its row of the plan, and its form if the user may rate it."""

    row: ActionRow
    update: ProgressUpdate | None
    form: ReviewRowForm | None
    conflict: dict[str, object] | None = None

    @property
    def action(self) -> Action:
        """The action of the row."""
        return self.row.action

    def changed(self) -> bool:
        """Whether the rating or the progress differ from what was saved."""
        saved = (self.update.rating, self.update.narrative) if self.update else ("", "")
        data = self.form.cleaned_data
        return (data["rating"], data["narrative"]) != saved

    def entry(self) -> ReviewEntry:
        """What to save for the row."""
        data = self.form.cleaned_data
        return ReviewEntry(self.action, data["rating"], data["narrative"], data["version"])


def review_rows(
    sections: list[ThemeSection],
    period: ReportingPeriod,
    allowed: set[int],
    data: QueryDict | None,
    choices: list[tuple[str, str]],
) -> list[ReviewRow]:
    """A row per action, in document order, with a form for each action in `allowed`."""
    rows = []
    for section in sections:
        for row in section.rows:
            cell = next(cell for cell in row.cells if cell.period.pk == period.pk)
            update = cell.update
            form = None
            if row.action.pk in allowed:
                initial = {
                    "rating": update.rating if update else "",
                    "narrative": update.narrative if update else "",
                    "version": update.version if update else 0,
                }
                form = ReviewRowForm(
                    data, initial=initial, prefix=f"action-{row.action.pk}", choices=choices
                )
            rows.append(ReviewRow(row=row, update=update, form=form))
    return rows


def refresh_versions(rows: list[ReviewRow], current: dict[int, ProgressUpdate | None]) -> None:
    """Give stale rows the version now saved, keeping what the user typed.

    The page then shows both versions; saving again deliberately replaces the other person's.
    """
    for row in rows:
        if row.form is None or row.action.pk not in current:
            continue
        data = row.form.data.copy()
        update = current[row.action.pk]
        data[row.form.add_prefix("version")] = str(update.version if update else 0)
        row.form = ReviewRowForm(
            data,
            initial=row.form.initial,
            prefix=row.form.prefix,
            choices=row.form.fields["rating"].choices,
        )
        row.form.is_valid()
