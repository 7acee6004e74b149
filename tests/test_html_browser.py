"""The HTML report in a real browser: headless Chromium lays the page out and paints it.

No browser driver: `--dump-dom` returns the page after layout (with a test-only probe script
added to a copy of the report; the report itself has none), and `--screenshot` a PNG that the
standard library decodes. Skipped, saying why, when no Chromium is installed.
"""

import colorsys
import json
import re
import shutil
import struct
import subprocess
import zlib
from collections import Counter
from html import unescape
from pathlib import Path

import pytest

from solver.render.html_week import DAY_NAMES
from tests.test_html_report import Blocks, build_report

CHROMIUM = (
    shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no chromium, chromium-browser or google-chrome on PATH (.ci/run installs chromium)",
)


@pytest.fixture(scope="module")
def report():
    return build_report()


# Reads the laid-out grid of the card headed "#1" and leaves what it saw in a textarea.
PROBE = """<script>
const box = (el) => {
  const r = el.getBoundingClientRect();
  return {left: r.left + scrollX, top: r.top + scrollY, width: r.width, height: r.height};
};
const week = [...document.querySelectorAll(".week")]
  .find(w => w.querySelector("h3").innerText === "#1");
const blocks = [...week.querySelectorAll(".block")].map(block => {
  block.scrollIntoView({block: "center"});
  const r = block.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 12));
  const visible = hit !== null && hit.closest(".block") === block;
  return {text: block.innerText, box: box(block), visible};
});
const seen = {
  blocks,
  days: [...week.querySelectorAll(".dayname")].map(d => ({text: d.innerText, box: box(d)})),
  hours: [...week.querySelectorAll(".hours span")].map(h => ({text: h.innerText, box: box(h)})),
  offgrid: [...week.querySelectorAll(".offgrid li")]
    .filter(li => li.offsetHeight > 0).map(li => li.innerText),
};
const out = document.createElement("textarea");
out.id = "probe";
out.textContent = JSON.stringify(seen);
document.body.append(out);
</script>"""


def chromium(tmp_path: Path, page: Path, *options: str) -> str:
    command = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--hide-scrollbars", f"--user-data-dir={tmp_path / 'profile'}",
        *options, page.as_uri(),
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True).stdout


def clock(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def read_time(y: float, hours: list[dict]) -> float:
    """The time at page height `y`, read off the grid's hour labels (centred on their lines)."""
    lines = [(clock(h["text"]), h["box"]["top"] + h["box"]["height"] / 2) for h in hours]
    (t0, y0), (t1, y1) = lines[0], lines[-1]
    return t0 + (y - y0) * (t1 - t0) / (y1 - y0)


def day_at(x: float, days: list[dict]) -> str:
    """The day heading above page position `x`."""
    return next(
        d["text"] for d in days if d["box"]["left"] <= x <= d["box"]["left"] + d["box"]["width"]
    )


@needs_chromium
def test_the_browser_draws_every_meeting_of_the_top_schedule_where_it_belongs(report, tmp_path):
    result, _, html = report
    page = tmp_path / "probe.html"
    page.write_text(html.replace("</body>", PROBE + "</body>"), encoding="ascii")
    dom = chromium(tmp_path, page, "--window-size=1280,900", "--dump-dom")
    probe = re.search(r'<textarea id="probe">(.*?)</textarea>', dom, re.S)
    assert probe, "the rendered page has no visible card headed #1"
    seen = json.loads(unescape(probe[1]))
    drawn = []
    for block in seen["blocks"]:
        box = block["box"]
        assert block["visible"] and box["width"] >= 30, block
        start = read_time(box["top"], seen["hours"])
        end = read_time(box["top"] + box["height"], seen["hours"])
        drawn.append(
            (block["text"], day_at(box["left"] + box["width"] / 2, seen["days"]), start, end)
        )
    meetings = [(o, m) for o in result.schedules[0].schedule.options for m in o.meetings]
    assert len(drawn) == len(meetings)
    for option, meeting in meetings:
        assert any(
            option.course in text
            and option.label in text
            and day == DAY_NAMES[meeting.day.value]
            and abs(start - meeting.start) <= 2
            and abs(end - meeting.end) <= 2
            for text, day, start, end in drawn
        ), f"{option.course} {option.label} {meeting} is not drawn in its place"
    assert seen["offgrid"] == ["6.2050 lab B01: time to be arranged"]


@needs_chromium
def test_the_screenshot_shows_the_page_with_every_top_subject_in_its_colour(report, tmp_path):
    result, _, html = report
    page, shot = tmp_path / "report.html", tmp_path / "report.png"
    page.write_text(html, encoding="ascii")
    # Laid out 1280 px wide, painted at half scale (a quarter of the pixels to decode).
    chromium(tmp_path, page, "--window-size=1280,1600", "--force-device-scale-factor=0.5",
             f"--screenshot={shot}")  # fmt: skip
    hues = {
        b["data-subject"]: re.search(r"--hue:(\d+)", b["style"])[1] for b in Blocks(html).blocks
    }
    colours = {n: block_colour(int(hues[n])) for n in result.schedules[0].schedule.courses}
    assert screenshot_problems(shot.read_bytes(), colours) == []


def test_a_blank_screenshot_is_caught():
    assert screenshot_problems(white_png(64, 48), {"6.1210": block_colour(212)}) == [
        "the page rendered (nearly) empty",
        "the page has too few colours to hold text and a calendar",
        "6.1210: 0 pixels of its colour (201, 223, 247)",
    ]


def screenshot_problems(png: bytes, colours: dict[str, tuple[int, int, int]]) -> list[str]:
    """What is wrong with a screenshot of the report: blank, or a subject's colour missing."""
    width, height, rows = read_png(png)
    pixels = Counter(tuple(row[i : i + 3]) for row in rows for i in range(0, len(row), 3))
    problems = []
    if pixels[(255, 255, 255)] > 0.97 * width * height:
        problems.append("the page rendered (nearly) empty")
    if len(pixels) < 200:
        problems.append("the page has too few colours to hold text and a calendar")
    for number, target in colours.items():
        # 300 pixels at half scale: more than the subject's swatches, so its blocks were painted.
        near = sum(
            n
            for rgb, n in pixels.items()
            if max(abs(a - b) for a, b in zip(rgb, target, strict=True)) <= 3
        )
        if near < 300:
            problems.append(f"{number}: {near} pixels of its colour {target}")
    return problems


def block_colour(hue: int) -> tuple[int, int, int]:
    """The fill of a block of this hue: hsl(hue 75% 88%), as the stylesheet sets it."""
    r, g, b = colorsys.hls_to_rgb(hue / 360, 0.88, 0.75)
    return round(r * 255), round(g * 255), round(b * 255)


def read_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and RGB rows of an 8-bit, non-interlaced RGB or RGBA PNG (stdlib only)."""
    chunks, position = {}, 8
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        chunks.setdefault(kind, []).append(data[position + 8 : position + 8 + length])
        position += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"][0])
    assert depth == 8 and colour in (2, 6) and interlace == 0, "unexpected PNG format"
    size = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(b"".join(chunks[b"IDAT"])), width * size + 1
    rows, above = [], bytes(stride - 1)
    for y in range(height):
        line = unfilter(raw[y * stride], raw[y * stride + 1 : (y + 1) * stride], above, size)
        rows.append(line if size == 3 else bytes(v for k, v in enumerate(line) if k % 4 != 3))
        above = line
    return width, height, rows


def unfilter(kind: int, line: bytes, above: bytes, size: int) -> bytes:
    """Undo one row's PNG filter: none, sub, up, average or Paeth."""
    if kind == 0:
        return line
    if kind == 2:
        return bytes((x + b) & 255 for x, b in zip(line, above, strict=True))
    out = bytearray(line)
    for i in range(len(out)):
        a = out[i - size] if i >= size else 0
        b, c = above[i], (above[i - size] if i >= size else 0)
        if kind == 1:
            out[i] = (out[i] + a) & 255
        elif kind == 3:
            out[i] = (out[i] + (a + b) // 2) & 255
        else:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            out[i] = (out[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    return bytes(out)


def white_png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    raw = b"".join(b"\x00" + b"\xff" * 3 * width for _ in range(height))
    return b"\x89PNG\r\n\x1a\n" + b"".join(
        [chunk(b"IHDR", header), chunk(b"IDAT", zlib.compress(raw)), chunk(b"IEND", b"")]
    )
