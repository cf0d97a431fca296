"""CSV downloads the author opens in Excel: German separator, UTF-8 mark, no formulas."""

import csv

from django.http import HttpResponse


def csv_cell(value):
    # Excel runs cells starting with these as formulas; a leading apostrophe keeps it text.
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_download(filename):
    """A response to write rows into with the returned writer: `(response, writer)`."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # The byte order mark tells Excel it is UTF-8 (umlauts); German Excel splits on ";".
    response.write("\ufeff")
    return response, csv.writer(response, delimiter=";")
