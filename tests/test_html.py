"""The HTML report: structure, charts, escaping, and a real render in headless Chromium."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from test_views import (
    RICE_BATCH,
    make_batch_plan,
    make_cut_back_plan,
    make_foods,
    make_plan,
    replace_first_item,
)

from mealplan.shopping import shopping_list
from mealplan.views import _format as fmt
from mealplan.views.html import (
    CAFFEINE_COLOUR,
    MAGNESIUM_COLOUR,
    MISSED_COLOUR,
    SUPPLEMENT_COLOUR,
    magnesium_chart,
    render_html,
)


class Element:
    """A parsed element: tag, attributes, children and text."""

    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Element | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Element] = []
        self.parts: list[str] = []

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def iter(self, tag: str | None = None):
        for child in self.children:
            if tag is None or child.tag == tag:
                yield child
            yield from child.iter(tag)

    def find(self, tag: str | None = None, **attrs: str) -> Element:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag}> with {attrs}"
        return found[0]

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Element]:
        return [e for e in self.iter(tag)
                if all(e.attrs.get(k.rstrip("_").replace("_", "-")) == v
                       for k, v in attrs.items())]


_VOID = {"meta", "br", "hr", "img", "input", "link", "area", "base", "col", "embed",
         "source", "track", "wbr"}


class TreeBuilder(HTMLParser):
    """Builds a small element tree; text is recorded on every open ancestor."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.current = self.root
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self.current)
        self.current.children.append(element)
        if tag not in _VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        node = self.current
        while node is not None:
            node.parts.append(data)
            node = node.parent


def parse(html: str) -> tuple[Element, TreeBuilder]:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root, builder


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def report() -> tuple[str, Element]:
    foods = make_foods()
    html = render_html(make_plan(foods), foods)
    return html, parse(html)[0]


# --- structure ----------------------------------------------------------------------

def test_document_is_self_contained(report):
    html, root = report
    _, builder = parse(html)
    assert builder.doctype.lower() == "doctype html"
    assert root.find("html").attrs["lang"] == "en"
    csp = root.find("meta", http_equiv="Content-Security-Policy").attrs["content"]
    assert csp.startswith("default-src 'none'")
    assert not root.find_all("script") and not root.find_all("link")
    assert not root.find_all("img") and not root.find_all("iframe")
    for element in root.iter():
        for name, value in element.attrs.items():
            assert name not in ("src", "href") and not name.startswith("on"), element.tag
            if name != "xmlns":
                assert "://" not in (value or ""), (element.tag, name)
    style = root.find("style").text
    assert "@media print" in style and "break-before: page" in style
    assert "@import" not in style and "url(" not in style


def test_sections_in_reading_order(report):
    _, root = report
    ids = [e.attrs["id"] for e in root.find("main").children if e.tag == "section"]
    assert ids == ["notes", "week", "days", "shopping", "targets"]
    assert [a.attrs["id"] for a in root.find_all("article")] == ["day-1", "day-2", "day-3"]


def test_not_medical_advice_top_and_bottom(report):
    _, root = report
    notices = [e for e in root.iter() if "notice" in e.attrs.get("class", "").split()]
    assert len(notices) == 2
    assert all(words(n.text).startswith("A planning aid, not medical advice")
               and "350 mg/day upper limit" in words(n.text) for n in notices)


def test_week_at_a_glance(report):
    _, root = report
    table = root.find("table", class_="glance")
    header = [words(th.text) for th in table.find("thead").iter("th")]
    assert header == ["Day", "Magnesium from food", "With supplement", "% of RDA", "Energy",
                      "Caffeine (cap 200 mg)", "Targets missed"]
    rows = [[words(c.text) for c in tr.children] for tr in table.find("tbody").iter("tr")]
    assert rows[0] == ["Day 1", "649 mg ✓", "749 mg", "234 %", "1,959 kcal ✓", "117 mg ✓",
                       "none"]
    assert rows[1][1] == "215 mg ✗ low" and rows[1][-1] == "Magnesium, Energy, Fiber"
    assert rows[2][5] == "284 mg ✗ high"


def test_day_tables(report):
    _, root = report
    day = root.find("article", id="day-1")
    meals = day.find("table", class_="meals").find("tbody").find_all("tr")
    assert len(meals) == 15
    assert [words(td.text) for td in meals[0].children] == [
        "Breakfast", "Oats, rolled, dry", "1 cup (80 g)", "110 mg"]
    totals = {words(tr.children[0].text): words(tr.children[2].text)
              for tr in day.find("table", class_="totals").find("tbody").find_all("tr")}
    assert totals["Magnesium"] == "food ≥ 220 mg ✓ · 234 % of RDA"
    assert totals["Caffeine"] == "≤ 200 mg ✓"
    assert "Top magnesium sources: Black beans, cooked 120 mg" in words(day.text)


def test_magnesium_chart_is_accessible_and_to_scale(report):
    _, root = report
    figure = root.find("figure", id="magnesium-chart")
    svg = figure.find("svg")
    assert svg.attrs["role"] == "img"
    title_id, desc_id = svg.attrs["aria-labelledby"].split()
    assert svg.find("title", id=title_id).text == "Magnesium per day (mg)"
    desc = svg.find("desc", id=desc_id).text
    assert desc.startswith("Magnesium per day against the RDA of 320 mg: day 1 food 649 mg")
    bars = svg.find_all("rect", class_="bar")
    assert [b.attrs["fill"] for b in bars] == [
        MAGNESIUM_COLOUR, SUPPLEMENT_COLOUR, MISSED_COLOUR, SUPPLEMENT_COLOUR,
        MAGNESIUM_COLOUR, SUPPLEMENT_COLOUR]
    assert words(bars[0].text) == "Day 1: 649 mg from food"
    heights = [float(b.attrs["height"]) for b in bars]
    assert heights[0] / heights[4] == pytest.approx(649.465 / 893.7, abs=0.01)
    # The same 100 mg supplement each day (each edge is rounded to 0.1).
    assert heights[1] == pytest.approx(heights[3], abs=0.2) == pytest.approx(heights[5], abs=0.2)
    line = svg.find("line", class_="limit")
    bottom = float(bars[0].attrs["y"]) + heights[0]
    rda_height = bottom - float(line.attrs["y1"])
    assert rda_height / heights[0] == pytest.approx(320 / 649.465, abs=0.01)
    # Day 2 (315 mg with the supplement) stops just under the RDA line.
    assert float(bars[3].attrs["y"]) > float(line.attrs["y1"])
    legend = [words(li.text) for li in figure.find("ul").iter("li")]
    assert legend == ["from food", "supplement", "below the food target", "RDA 320 mg"]


def test_caffeine_chart_with_and_without_a_cap(report):
    _, root = report
    svg = root.find("figure", id="caffeine-chart").find("svg")
    fills = [b.attrs["fill"] for b in svg.find_all("rect", class_="bar")]
    assert fills == [CAFFEINE_COLOUR, CAFFEINE_COLOUR, MISSED_COLOUR]
    assert "cap 200 mg" in words(svg.text)
    foods = make_foods()
    uncapped, _ = parse(render_html(make_plan(foods, caffeine_cap=None), foods))
    figure = uncapped.find("figure", id="caffeine-chart")
    assert not figure.find_all("line", class_="limit")
    assert [b.attrs["fill"] for b in figure.find_all("rect", class_="bar")] == [
        CAFFEINE_COLOUR] * 3
    assert "cap" not in words(figure.text)


def test_a_cut_back_draws_each_days_cap_and_lists_the_schedule():
    foods = make_foods()
    root, _ = parse(render_html(make_cut_back_plan(foods), foods))
    figure = root.find("figure", id="caffeine-chart")
    assert not figure.find_all("line", class_="limit")
    steps = figure.find("polyline", class_="limit")
    points = [tuple(map(float, p.split(","))) for p in steps.attrs["points"].split()]
    # Two points a day, one at each edge of its slot, falling with the caps.
    assert len(points) == 6
    heights = [y for _, y in points]
    assert heights[0] == heights[1] < heights[2] == heights[3] < heights[4] == heights[5]
    bars = figure.find_all("rect", class_="bar")
    assert [b.attrs["fill"] for b in bars] == [CAFFEINE_COLOUR, CAFFEINE_COLOUR, MISSED_COLOUR]
    assert float(bars[2].attrs["y"]) < heights[4]          # day 3 over its 150 mg cap
    assert "day 3 284 mg of a 150 mg cap" in words(figure.find("desc").text)
    assert "the day's cap" in [words(li.text) for li in figure.find("ul").iter("li")]
    table = root.find("table", class_="caffeine")
    rows = [[words(c.text) for c in tr.children] for tr in table.find("tbody").iter("tr")]
    assert rows[2] == ["Day 3", "150 mg", "284 mg ✗ high",
                       "Coffee, brewed, 3 × 1 cup (8 fl oz), 284 mg at breakfast"]
    glance = root.find("table", class_="glance")
    assert "284 mg (150 mg) ✗ high" in words(glance.text)
    day = root.find("article", id="day-2")
    assert "Caffeine: 95 mg (cap 225 mg): Coffee, brewed" in words(day.text)


def test_shopping_list_and_targets(report):
    _, root = report
    foods = make_foods()
    shop = shopping_list(make_plan(foods), foods)
    section = root.find("section", id="shopping")
    items = [words(li.text) for li in section.iter("li")]
    assert len(items) == len(shop.items)
    assert "4 bananas Bananas · days 1-3" in items
    assert "70 g Oil, olive (staple) · days 1-3" in items
    assert [words(h.text) for h in section.iter("h3")][0] == "Beverages"
    targets = root.find("section", id="targets")
    rows = targets.find("table").find("tbody").find_all("tr")
    assert len(rows) == 10
    assert [words(c.text) for c in rows[0].children] == [
        "Magnesium", "≥ 220 mg", "RDA, female 31-50 (NIH ODS Table 1); minus 100 mg from a "
        "supplement"]
    assert "Supplement: 100 mg a day (upper limit for magnesium from supplements: 350 mg)" in (
        words(targets.text))
    assert "NIH Office of Dietary Supplements" in words(targets.text)


def test_given_shopping_list_is_the_one_shown():
    foods = make_foods()
    plan = make_plan(foods)
    root, _ = parse(render_html(plan, foods, shopping_list(plan, foods, skip_staples=True)))
    section = words(root.find("section", id="shopping").text)
    assert "Oil, olive (staple)" not in section
    assert "Staples left out: Oil, olive, Salt, table" in section


# --- escaping -----------------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x")',
    '"><img src=x onerror=alert(1)>',
    "</style><svg onload=alert(1)>",
    "{{ 7 * 7 }} & &amp;",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_user_strings_come_out_as_text(name):
    foods = make_foods([("99001", name, 100, name, (500,) * 12)])
    foods.frame.loc["99001", "aisle"] = name
    plan = replace_first_item(make_plan(foods), foods, "99001")
    plan = replace(plan, foods=name, notes=(name,))
    html = render_html(plan, foods)
    root, _ = parse(html)
    assert not root.find_all("script") and not root.find_all("img")
    assert len(root.find_all("svg")) == 2 and len(root.find_all("style")) == 1
    for element in root.iter():
        assert not any(a.startswith("on") for a in element.attrs)
    text = root.find("main").text
    # As the food name, its aisle, the table name (twice) and a note, never evaluated.
    assert text.count(name) >= 5


# --- headless Chromium --------------------------------------------------------------

def _chromium() -> str | None:
    for candidate in ("/usr/bin/chromium", "chromium", "chromium-browser"):
        path = shutil.which(candidate) or (candidate if os.path.isfile(candidate) else None)
        if path:
            return path
    return None


def read_png(path: Path) -> np.ndarray:
    """Decode an 8-bit RGB or RGBA, non-interlaced PNG to a height x width x channels array."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, []
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    image = np.zeros((height, stride), dtype=np.uint8)
    prev = np.zeros(stride, dtype=np.int64)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = np.frombuffer(raw, np.uint8, stride, y * (stride + 1) + 1).astype(np.int64)
        if kind == 0:
            row = line
        elif kind == 1:  # Sub: a running sum per channel
            row = np.cumsum(line.reshape(width, bpp), axis=0).reshape(-1) % 256
        elif kind == 2:  # Up
            row = (line + prev) % 256
        else:  # Average and Paeth depend on the pixel to the left: byte by byte
            out, up = line.tolist(), prev.tolist()
            for i in range(stride):
                a = out[i - bpp] if i >= bpp else 0
                b = up[i]
                if kind == 3:
                    out[i] = (out[i] + (a + b) // 2) % 256
                    continue
                c = up[i - bpp] if i >= bpp else 0
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                out[i] = (out[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) % 256
            row = np.array(out, dtype=np.int64)
        image[y] = row
        prev = row
    return image.reshape(height, width, bpp)


def colour_pixels(image: np.ndarray, colour: str) -> tuple[np.ndarray, np.ndarray]:
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    close = np.abs(image[..., :3].astype(int) - rgb).max(axis=2) <= 3
    return np.nonzero(close)


@pytest.mark.skipif(_chromium() is None, reason="needs chromium")
def test_chromium_renders_the_charts(tmp_path):
    foods = make_foods()
    page = tmp_path / "report.html"
    page.write_text(render_html(make_plan(foods), foods), encoding="utf-8")
    shot = tmp_path / "shot.png"
    result = subprocess.run(
        [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--hide-scrollbars",
         f"--screenshot={shot}", "--window-size=1200,1600", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.exists() and shot.stat().st_size > 20_000
    image = read_png(shot)
    assert image.shape[:2] == (1600, 1200)
    assert len(np.unique(image[..., :3].reshape(-1, 3), axis=0)) > 50  # not a blank page
    # The magnesium bars (left chart) and caffeine bars (right chart) were painted,
    # side by side under the week table.
    mg_y, mg_x = colour_pixels(image, MAGNESIUM_COLOUR)
    caf_y, caf_x = colour_pixels(image, CAFFEINE_COLOUR)
    assert len(mg_x) > 3000 and len(caf_x) > 3000
    assert np.median(mg_x) < 600 < np.median(caf_x)
    assert abs(np.median(mg_y) - np.median(caf_y)) < 150
    supplement_y, _ = colour_pixels(image, SUPPLEMENT_COLOUR)
    assert len(supplement_y) > 500


def test_magnesium_chart_without_an_rda_draws_no_line():
    from mealplan.targets import Targets

    plan = make_plan(supplement_mg=0)
    plan = replace(plan, targets=Targets(limits=(), profile=plan.targets.profile))
    chart = magnesium_chart(plan)
    assert chart.line is None
    assert len(chart.rects) == 3 and chart.description.startswith("Magnesium per day: day 1")


def test_the_report_has_the_prep_list_and_marks_leftovers():
    foods = make_foods()
    plan = make_batch_plan(foods)
    root, _ = parse(render_html(plan, foods))
    prep = root.find("section", id="prep")
    assert words(prep.find("h2").text) == "Prep list"
    assert [words(li.text) for li in prep.find_all("li")] == [fmt.prep_text(RICE_BATCH)]
    day2 = words(root.find("article", id="day-2").text)
    assert "Rice, white, long-grain, cooked (leftover from day 1)" in day2
    # The prep list comes before the days, and a plan without batches has none.
    sections = [s.attrs.get("id") for s in root.find_all("section")]
    assert sections.index("prep") < sections.index("days")
    assert not parse(render_html(make_plan(foods), foods))[0].find_all("section", id="prep")


def test_the_reports_shopping_list_in_packages_says_what_is_used():
    from test_shopping import PACKAGED, bought

    foods = make_foods()
    plan = bought(*PACKAGED)
    root, _ = parse(render_html(plan, foods))
    shopping = root.find("section", id="shopping")
    items = [words(li.text) for li in shopping.find_all("li")]
    assert "2 cans (15 oz) Black beans, canned · uses 1¾ · days 1-3 · $2.40" in items
    assert "whole packages" in words(shopping.find("p").text)
