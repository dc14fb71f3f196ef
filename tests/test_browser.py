"""A person's path through the web pages, in a real headless Chromium driven by Selenium.

Home page -> search "Bishkek" -> the Programme Office in Bishkek -> its host country, Kyrgyzstan.
Each page is screenshotted into the test's tmp_path. Skips when Debian's `chromium` and
`chromium-driver` are not installed (.ci/run installs them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WAIT = 20  # seconds an explicit wait may take before the test fails
MISSING = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]

pytestmark = pytest.mark.skipif(
    bool(MISSING), reason=f"no headless browser: {', '.join(MISSING)} missing (apt-get install chromium chromium-driver)")

# Chromium must not reach the network: no first-run, sync, component or background requests.
CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1280,1600",
]

# Visible text nodes in table.statements that look like a raw IRI, other than inside a.external.
RAW_IRIS_JS = """
const found = [];
for (const table of document.querySelectorAll('table.statements')) {
  const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const element = node.parentElement;
    if (/^https?:\\/\\//.test(text) && !element.closest('a.external') && element.checkVisibility()) {
      found.push(text);
    }
  }
}
return found;
"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    pytest.importorskip("selenium", reason="selenium is not installed (pip install -e '.[test]')")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS + [f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"]:
        options.add_argument(flag)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SE_OFFLINE", "true")  # Selenium Manager must never download a driver or browser
        driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(WAIT)
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(driver, condition, message: str):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT).until(condition, message)


def link_with_text(driver, css: str, text: str):
    """The first element matching ``css`` whose visible text is ``text``, once there is one."""
    from selenium.webdriver.common.by import By

    def find(d):
        return next((a for a in d.find_elements(By.CSS_SELECTOR, css) if a.text.strip() == text), False)

    return wait_for(driver, find, f"no {css} with text {text!r} on {driver.current_url}")


def check_entity_page(driver, label: str, screenshot: Path) -> None:
    """The entity page shows ``label`` as its title, human statement labels and a map with a point."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec

    wait_for(driver, ec.text_to_be_present_in_element((By.TAG_NAME, "h1"), label), f"h1 is not {label!r}")
    driver.save_screenshot(str(screenshot))
    assert driver.find_element(By.TAG_NAME, "h1").text.strip() == label
    wait_for(driver, ec.presence_of_element_located((By.CSS_SELECTOR, "figure.map svg circle")),
             f"no map with a point (figure.map svg circle) on {driver.current_url}")

    rows = driver.find_elements(By.CSS_SELECTOR, "table.statements tr")
    assert rows, f"no statements (table.statements tr) on {driver.current_url}"
    assert driver.execute_script(RAW_IRIS_JS) == [], "raw IRIs shown as text in table.statements"
    for link in driver.find_elements(By.CSS_SELECTOR, "a.entity"):
        assert link.get_attribute("textContent").strip(), f"a.entity without a label: {link.get_attribute('href')}"
        assert not link.get_attribute("textContent").strip().startswith("http"), \
            f"a.entity labelled with an IRI: {link.get_attribute('textContent')}"


def test_search_field_operation_and_its_host_country(server, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec

    browser.get(f"{server}/")
    browser.save_screenshot(str(tmp_path / "home.png"))
    box = wait_for(browser, ec.element_to_be_clickable((By.CSS_SELECTOR, "form#search input[name=q]")),
                   "no search box (form#search input[name=q]) on the home page")
    box.send_keys("Bishkek")
    box.submit()

    wait_for(browser, ec.url_contains("/search?"), "submitting the search form did not go to /search")
    assert "q=Bishkek" in browser.current_url
    hit = link_with_text(browser, "a.hit", "Programme Office in Bishkek")
    browser.save_screenshot(str(tmp_path / "search.png"))
    hit.click()

    wait_for(browser, ec.url_contains("/page/"), "the hit did not lead to an entity page")
    check_entity_page(browser, "Programme Office in Bishkek", tmp_path / "programme-office.png")
    host_rows = [row for row in browser.find_elements(By.CSS_SELECTOR, "table.statements tr")
                 if any("host" in th.text.lower() for th in row.find_elements(By.TAG_NAME, "th"))]
    assert host_rows, "no statement whose property label mentions 'host'"
    assert any(a.text.strip() == "Kyrgyzstan" for row in host_rows for a in row.find_elements(By.CSS_SELECTOR, "a.entity"))
    link_with_text(browser, "table.statements a.entity", "Kyrgyzstan").click()

    check_entity_page(browser, "Kyrgyzstan", tmp_path / "kyrgyzstan.png")
    inbound = wait_for(browser, ec.presence_of_element_located((By.CSS_SELECTOR, "section#inbound")),
                       "no section#inbound on Kyrgyzstan's page")
    assert "Programme Office in Bishkek" in inbound.get_attribute("textContent")


def test_query_page_example_results_error_and_csv(browser, server, tmp_path):
    """Pick the Central Asia example, run it, see five labelled rows; break the query and see the
    message; download the CSV and check it."""
    import csv
    import io
    import urllib.request

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(f"{server}/sparql")
    Select(wait_for(browser, lambda d: d.find_element(By.ID, "examples"), "no examples menu")).select_by_visible_text(
        "Which field operations are in Central Asia?")
    browser.find_element(By.ID, "run").click()
    rows = wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "table.results tbody tr") or False, "no result rows")
    assert len(rows) == 5
    names = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "table.results a.entity")]
    assert "Programme Office in Bishkek" in names and not any(n.startswith("http") for n in names)
    assert "5 rows" in browser.find_element(By.ID, "status").text
    browser.save_screenshot(str(tmp_path / "query-results.png"))

    href = browser.find_element(By.CSS_SELECTOR, '#downloads a[data-format="csv"]').get_attribute("href")
    with urllib.request.urlopen(href, timeout=30) as response:
        table = list(csv.DictReader(io.StringIO(response.read().decode("utf-8"))))
    assert sorted(r["name"] for r in table) == ["Centre in Ashgabat", "Programme Office in Astana", "Programme Office in Bishkek",
                                               "Programme Office in Dushanbe", "Project Co-ordinator in Uzbekistan"]

    editor = browser.find_element(By.ID, "query")
    browser.execute_script("arguments[0].value = 'SELECT ?x WHERE { ?x a }'; arguments[0].dispatchEvent(new Event('input'));", editor)
    browser.find_element(By.ID, "run").click()
    error = wait_for(browser, lambda d: d.find_element(By.ID, "error").is_displayed() and d.find_element(By.ID, "error"),
                     "no error message shown")
    assert "Error 400" in error.text and "1:" in error.text
    assert "query=" in browser.current_url  # the permalink of what was run
    browser.save_screenshot(str(tmp_path / "query-error.png"))


def test_query_page_map_and_timeline_views(browser, server):
    from urllib.parse import quote

    from selenium.webdriver.common.by import By

    query = ("SELECT ?fo ?lat ?long WHERE { ?fo a osce:FieldOperation ; osce:status osce:Active ; "
             "osce:headquarters ?hq . ?hq geo:lat ?lat ; geo:long ?long }")
    browser.get(f"{server}/sparql?query={quote(query)}")  # a permalink runs its query
    wait_for(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "table.results tbody tr")) == 12, "no 12 rows")
    browser.find_element(By.CSS_SELECTOR, '#views button[data-view="map"]').click()
    assert len(wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#results svg circle") or False, "no map")) == 12
    browser.find_element(By.CSS_SELECTOR, '#views button[data-view="timeline"]').click()
    wait_for(browser, lambda d: "No date column" in d.find_element(By.ID, "results").text, "timeline offered without dates")

    browser.get(f"{server}/sparql?query={quote('SELECT ?c ?year WHERE { ?c a osce:Chairpersonship ; osce:year ?year }')}")
    wait_for(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "table.results tbody tr")) == 36, "no 36 rows")
    browser.find_element(By.CSS_SELECTOR, '#views button[data-view="timeline"]').click()
    bars = wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#results svg rect") or False, "no timeline")
    assert len(bars) == 36
