"""The demo pipeline on a small synthetic force, checked against the raw export."""

import csv
import json
import re
import subprocess
import sys

import duckdb
import pytest

STALKING = ["195/12", "8/65", "8/66"]


def stalkscreen(*args, cwd):
    return subprocess.run([sys.executable, "-m", "stalkscreen.cli.main", *args], cwd=cwd,
                          capture_output=True, text=True, check=True)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    first = stalkscreen("demo", "--crimes", "2000", "--seed", "7", "--out", "d", "--no-serve", cwd=folder)
    return folder, first


def good_rows(path, malformed_lines):
    """The rows of a CSV export file, less those the truth file lists as malformed."""
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        start = reader.line_num + 1
        for row in reader:
            if start not in malformed_lines:
                yield row
            start = reader.line_num + 1


def stalking_crimes_in_export(export):
    """Crimes whose principal or included offence is stalking, read from the files, not the store."""
    with open(export / "truth" / "malformed.csv", newline="") as handle:
        malformed = [(r["file"], int(r["line"])) for r in csv.DictReader(handle)]
    found = set()
    for name in ("crimes.csv", "offences.csv"):
        bad = {line for file, line in malformed if file == name}
        found |= {r["crime_id"] for r in good_rows(export / name, bad) if normalise(r["offence_code"]) in STALKING}
    return found


def normalise(code):
    match = re.fullmatch(r"0*(\d+)/0*(\d+)", code.strip())
    return f"{match[1]}/{match[2]}" if match else code.strip().upper()


def test_the_demo_loads_every_table_and_reports_what_it_quarantined(demo):
    folder, first = demo
    assert "quarantined" in first.stderr
    assert "included offence only" in first.stderr


def test_the_demo_ranks_by_harm_and_names_a_dmm_day_whose_list_can_be_produced(demo):
    folder, first = demo
    said = " ".join(first.stderr.split())  # the console wraps long lines
    harm = re.search(r"harm run \d+ as of 2026-10-31: ([\d,]+) people and [\d,]+ dyads ranked by RFGV harm, "
                     r"([\d,]+) serial perpetrators", said)
    day = re.search(r"dmm --date (\d{4}-\d{2}-\d{2})", said)
    listed = stalkscreen("--db", "d/stalkscreen.duckdb", "dmm", "--date", day[1], cwd=folder)
    assert (int(harm[1].replace(",", "")) > 0, day[1], f"DMM list for Friday {day[1]}" in " ".join(listed.stderr.split())) == (
        True, "2026-10-30", True)


def test_running_the_demo_again_loads_nothing_new(demo):
    folder, _ = demo
    again = stalkscreen("demo", "--crimes", "2000", "--seed", "7", "--out", "d", "--no-serve", cwd=folder)
    assert "loaded 0 rows, quarantined 0" in again.stderr


def test_search_for_stalking_finds_exactly_the_crimes_with_stalking_principal_or_included(demo):
    folder, _ = demo
    found = stalkscreen("--db", "d/stalkscreen.duckdb", "search", "--offence", "stalking",
                        "--limit", "100000", "--format", "json", cwd=folder)
    hits = {h["crime_id"] for h in json.loads(found.stdout)}
    assert hits == stalking_crimes_in_export(folder / "d" / "export")
    assert len(hits) > 50


def test_the_quarantine_holds_exactly_the_malformed_rows_of_the_truth_file(demo):
    folder, _ = demo
    listed = stalkscreen("--db", "d/stalkscreen.duckdb", "quarantine", "--format", "json", cwd=folder)
    quarantined = {(q["file"].rsplit("/", 1)[-1], q["line"]) for q in json.loads(listed.stdout)}
    con = duckdb.connect()
    truth = con.execute(f"SELECT file, line::BIGINT FROM read_csv('{folder}/d/export/truth/malformed.csv', all_varchar=true)").fetchall()
    assert quarantined == set(truth)


def test_the_demo_screens_and_nine_in_ten_of_its_flags_are_stalking_in_truth(demo):
    folder, first = demo
    assert "indicated as stalking" in first.stderr
    listed = stalkscreen("--db", "d/stalkscreen.duckdb", "flags", "--format", "json", cwd=folder)
    flagged = {f["crime_id"] for f in json.loads(listed.stdout)}
    with open(folder / "d" / "export" / "truth" / "crimes.csv", newline="") as handle:
        stalking = {r["crime_id"] for r in csv.DictReader(handle) if r["is_stalking"] == "true"}
    assert len(flagged) > 20
    assert len(flagged & stalking) / len(flagged) >= 0.9


def test_the_demo_ends_by_serving_the_force_to_a_signed_in_user(tmp_path):
    """The README's first command: the demo serves the synthetic force until stopped; its printed
    password signs in, and the review queue shows the demo's flags."""
    import socket

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    demo = subprocess.Popen([sys.executable, "-m", "stalkscreen.cli.main", "demo", "--crimes", "1000", "--seed", "3",
                             "--out", "d", "--port", str(port)], cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    try:
        printed = []
        for line in demo.stdout:
            printed.append(line)
            if line.startswith("serving "):
                break
        password = re.search(r"sign in as demo \(supervisor\), password (\S+)", "".join(printed)).group(1)
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                form = httpx.get(url + "/sign-in", timeout=1)
                break
            except httpx.TransportError:
                subprocess.run(["sleep", "0.1"])
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
        signed = httpx.post(url + "/sign-in", data={"name": "demo", "password": password, "csrf_token": token},
                            headers={"Cookie": "stalkscreen_form=" + form.cookies["stalkscreen_form"]})
        session = re.search(r"stalkscreen_session=([^;]+)", signed.headers["set-cookie"]).group(1)
        queue = httpx.get(url + "/flags?format=json", headers={"Cookie": f"stalkscreen_session={session}"})
        assert queue.status_code == 200 and queue.json()
    finally:
        demo.terminate()
        demo.wait(timeout=30)
