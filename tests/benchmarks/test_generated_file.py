"""The validation benchmark's generated file: every column of the model, and exactly the planted bad rows refused."""
import csv

from benchmarks.validate import DATASET, generate, known_source_ids
from schemas.registry import get_spec
from schemas.validate import validate_csv


def test_the_generated_file_has_the_models_columns_and_only_the_planted_rows_are_refused(tmp_path):
    path = tmp_path / "casualties.csv"
    planted = generate(path, 400).tolist()
    with open(path, newline="", encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == list(get_spec(DATASET).columns)
    report = validate_csv(path.read_bytes(), DATASET, source_ids=known_source_ids())
    assert sorted({issue.line for issue in report.errors}) == planted
