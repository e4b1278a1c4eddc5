"""Forms of the plan, one per user task."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.core.validators import validate_slug

from actions.importing import max_upload_bytes
from actions.ratings import RatingScale
from cseplan.lib.forms import BaseForm


class ImportPlanForm(BaseForm):
    """Upload a spreadsheet to import as a new plan, or as new periods of an existing one."""

    submit_label = "Upload and preview"

    file = forms.FileField(
        label="Spreadsheet",
        help_text="A CSV file or an Excel workbook (.xlsx) in the layout of the import guide, "
        "smaller than 5 MB.",
        error_messages={"required": "Select a CSV or Excel file", "empty": "The file is empty"},
    )
    slug = forms.CharField(
        label="Short name of the plan",
        max_length=60,
        validators=[validate_slug],
        help_text="Letters, numbers and hyphens, such as cse-2014-16. If a plan already has this "
        "short name, the file's new review periods are added to it.",
        error_messages={
            "required": "Enter a short name for the plan",
            "invalid": "Enter a short name using only letters, numbers and hyphens",
        },
    )
    title = forms.CharField(
        label="Title of a new plan (optional)",
        max_length=300,
        required=False,
        help_text="Leave empty to use the file name.",
    )
    scale = forms.ChoiceField(
        label="Rating scale of a new plan",
        choices=[("", "Work it out from the ratings in the file"), *RatingScale.choices],
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = max_upload_bytes() // (1024 * 1024)
        self.fields["file"].help_text = self.fields["file"].help_text.replace("5 MB", f"{limit} MB")
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx"

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() not in {".csv", ".xlsx"}:
            raise forms.ValidationError(
                "The selected file must be a CSV or an Excel workbook (.xlsx)"
            )
        if upload.size > max_upload_bytes():
            limit = max_upload_bytes() // (1024 * 1024)
            raise forms.ValidationError(f"The selected file must be smaller than {limit} MB")
        return upload
