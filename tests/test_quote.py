"""Each quoting filter against a parser of its syntax: what the filter writes, the target
reads back as exactly the value, one token, nothing after it.

Where the real parser runs here it is used (POSIX sh, Python's JSON and HTML parsers);
otherwise the decoder below follows the target's parser source, cited at each one.
"""

from __future__ import annotations

import html.parser
import json
import subprocess

import jinja2
import pytest

from campusnet.render.environment import make_environment
from campusnet.render.quote import SYNTAXES, UnsafeValue, jinja_filters
from plugins.filter.campusnet import FilterModule

#: The hostile classes of issue 11, plus what each syntax treats specially.
HOSTILE = [
    "plain text", "Club d'échecs", 'say "hi"', "both ' and \"", "{{ 7 * 7 }}", "{% if 1 %}x{% endif %}",
    "a; reload", "$(reboot)", "`id`", "back\\slash", "trailing\\", "\\n not a newline", "# not a comment",
    "tab-less  double  spaces", "ünïcödé ✓", "semi;colon{brace}", "<b>&amp;</b>", "100%", "?help",
]
LINE_BREAKS = ["a\nb", "a\rb", "a\x00b", "a\x1b[31mb", "a\u2028b", "a\u2029b", "a\u202eb", "a\u200bb", "a\x85b"]


def carried(key: str, value: str) -> bool:
    try:
        SYNTAXES[key].quote(value)
    except UnsafeValue:
        return False
    return True


@pytest.mark.parametrize("key", sorted(SYNTAXES))
@pytest.mark.parametrize("value", LINE_BREAKS)
def test_no_syntax_carries_a_line_break_or_control_character(key: str, value: str) -> None:
    canary = "s3cret-canary"
    with pytest.raises(UnsafeValue) as raised:
        SYNTAXES[key].quote(canary + value)
    assert canary not in str(raised.value), "the error must not quote the value (it may be a secret)"
    assert str(raised.value).startswith(f"{key}: ")


@pytest.mark.parametrize("key", sorted(SYNTAXES))
def test_length_limit_and_types(key: str) -> None:
    quote = SYNTAXES[key].quote
    with pytest.raises(UnsafeValue, match="limit here is 4"):
        quote("abcdef", 4)
    assert quote(12) == quote("12")
    for wrong in (None, 1.5, True, ["a"]):
        with pytest.raises(UnsafeValue, match="expected a string"):
            quote(wrong)


# --- decoders: the target's reading of one token -----------------------------------------


def aruba_read(line: str) -> list[str]:
    """ArubaOS-Switch CLI words: a double-quoted string is one word, without escapes."""
    words, rest = [], line
    while rest := rest.lstrip(" "):
        if rest[0] == '"':
            end = rest.index('"', 1)
            words.append(rest[1:end])
            rest = rest[end + 1:]
            assert not rest or rest[0] == " ", "a word must end after its closing quote"
        else:
            word, _, rest = rest.partition(" ")
            words.append(word)
    return words


def uci_read(line: str) -> list[str]:
    """Arguments of one UCI line, as libuci's parse_str (openwrt/uci file.c) splits them:
    quoted segments concatenate, a backslash outside quotes takes the next character,
    '#' ends the line and ';' ends the command."""
    args: list[str] = []
    pos = 0
    while True:
        while pos < len(line) and line[pos] in " \t":
            pos += 1
        if pos >= len(line) or line[pos] in "#;":
            return args
        word = []
        while pos < len(line) and line[pos] not in " \t":
            char = line[pos]
            if char in "'\"":
                end = line.index(char, pos + 1)
                segment = line[pos + 1:end]
                if char == '"':
                    segment = segment.replace("\\\\", "\0").replace("\\", "").replace("\0", "\\")
                word.append(segment)
                pos = end + 1
            elif char in "#;":
                break
            elif char == "\\":
                word.append(line[pos + 1])
                pos += 2
            else:
                word.append(char)
                pos += 1
        args.append("".join(word))
        if pos < len(line) and line[pos] in "#;":
            return args


def nginx_read(token: str) -> str:
    """One double-quoted nginx token, as ngx_conf_read_token and its copy loop read it
    (nginx src/core/ngx_conf_file.c): \\" \\' \\\\ are the character, \\t \\r \\n controls."""
    assert token[0] == token[-1] == '"'
    body, out, index = token[1:-1], [], 0
    while index < len(body):
        char = body[index]
        if char == '"':
            raise AssertionError("unescaped quote ends the token early")
        if char == "\\" and index + 1 < len(body):
            nxt = body[index + 1]
            out.append({"t": "\t", "r": "\r", "n": "\n"}.get(nxt, nxt if nxt in "\"'\\" else "\\" + nxt))
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


def bind_read(token: str) -> str:
    """A quoted master-file character-string (RFC 1035 5.1): \\X is X, \\DDD a byte."""
    assert token[0] == token[-1] == '"'
    body, data, index = token[1:-1], bytearray(), 0
    while index < len(body):
        char = body[index]
        assert char != '"', "unescaped quote ends the string early"
        if char == "\\":
            if body[index + 1:index + 4].isdigit():
                data.append(int(body[index + 1:index + 4]))
                index += 4
                continue
            data.extend(body[index + 1].encode())
            index += 2
            continue
        data.extend(char.encode())
        index += 1
    return data.decode("utf-8")


class _Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text, self.tags, self.attrs = "", 0, []

    def handle_data(self, data: str) -> None:
        self.text += data

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags += 1
        self.attrs += attrs


# --- per syntax ------------------------------------------------------------------------


@pytest.mark.parametrize("value", HOSTILE)
def test_aruba_one_quoted_word(value: str) -> None:
    if any(c in value for c in '"\\?') or not value.isascii():
        assert not carried("aruba", value)
        return
    token = SYNTAXES["aruba"].quote(value)
    assert aruba_read(f"name {token}") == ["name", value]


@pytest.mark.parametrize("value", HOSTILE)
def test_ios_word_and_line(value: str) -> None:
    if " " in value or "?" in value or '"' in value or not value.isascii():
        assert not carried("ios_word", value)
    else:
        assert f"key {SYNTAXES['ios_word'].quote(value)}".split(" ") == ["key", value]
    if "?" in value or not value.isascii():
        assert not carried("ios_line", value)
    else:
        assert f" description {SYNTAXES['ios_line'].quote(value)}".removeprefix(" description ") == value
    assert not carried("ios_line", " edge space ")


@pytest.mark.parametrize("value", HOSTILE)
def test_uci_round_trip(value: str) -> None:
    assert uci_read(f"\toption ssid {SYNTAXES['uci'].quote(value)}") == ["option", "ssid", value]


@pytest.mark.parametrize("value", HOSTILE)
def test_nginx_round_trip(value: str) -> None:
    if "$" in value:
        assert not carried("nginx", value)
        return
    assert nginx_read(SYNTAXES["nginx"].quote(value)) == value


@pytest.mark.parametrize("value", HOSTILE)
def test_bind_round_trip_is_ascii(value: str) -> None:
    token = SYNTAXES["bind"].quote(value)
    assert token.isascii() and bind_read(token) == value


@pytest.mark.parametrize("value", HOSTILE)
def test_kea_round_trip_without_wide_unicode_escapes(value: str) -> None:
    token = SYNTAXES["kea"].quote(value)
    assert json.loads(token) == value
    assert "\\u" not in token  # Kea refuses \u escapes other than \u00XX: keep UTF-8 raw


@pytest.mark.parametrize("value", HOSTILE)
def test_html_text_and_attribute(value: str) -> None:
    token = SYNTAXES["html"].quote(value)
    assert not set(token) & set("<>\"'")
    parser = _Text()
    parser.feed(f'<p title="{token}">{token}</p>')
    parser.close()
    assert parser.text == value and parser.tags == 1 and parser.attrs == [("title", value)]


@pytest.mark.parametrize("value", HOSTILE)
def test_sh_word_in_a_real_shell(value: str) -> None:
    token = SYNTAXES["sh"].quote(value)
    result = subprocess.run(["sh", "-c", f"printf '%s' {token}"], capture_output=True, text=True, check=True)
    assert result.stdout == value


def test_every_filter_reaches_jinja_and_ansible() -> None:
    names = set(jinja_filters())
    assert names == {f"quote_{key}" for key in SYNTAXES}
    assert names <= set(make_environment().filters)
    assert names <= set(FilterModule().filters())
    assert all(SYNTAXES[key].source and SYNTAXES[key].rules for key in SYNTAXES)


def test_device_templates_refuse_a_line_break_from_any_expression() -> None:
    env = make_environment()
    assert env.from_string("x {{ v }}").render(v="fine") == "x fine"
    with pytest.raises(UnsafeValue, match="U\\+000A"):
        env.from_string("x {{ v }}").render(v="one\ntwo")
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing }}").render()


def mumudvb_read(line: str) -> tuple[str, str]:
    """One ``key=value`` line as MuMuDVB 1.7's parser (src/mumudvb.c) reads a text value:
    the key is strtok(line, " ="), the value strtok(NULL, "=") then strtok(value, "\\n")."""
    key_end = next(i for i, c in enumerate(line) if c in " =")
    key, rest = line[:key_end], line[key_end + 1:].lstrip("=")
    value = rest.split("=", 1)[0]
    return key, value.split("\n", 1)[0]


def m3u_read(text: str) -> list[tuple[str, str]]:
    """(title, URL) pairs of an extended M3U file, as VLC's m3u demuxer reads them: the
    title is what follows the first comma of #EXTINF, trimmed; the next non-# line is the URL."""
    entries, title = [], None
    for line in text.splitlines():
        if line.startswith("#EXTINF:"):
            title = line.split(",", 1)[1].strip()
        elif line and not line.startswith("#"):
            entries.append((title or "", line))
            title = None
    return entries


@pytest.mark.parametrize("value", HOSTILE)
def test_mumudvb_value_round_trip(value: str) -> None:
    token = SYNTAXES["mumudvb"].quote(value)
    assert mumudvb_read(f"name={token}\n") == ("name", value)
    assert not carried("mumudvb", "a=b") and not carried("mumudvb", " ")
    assert not carried("mumudvb", "é" * 125)  # 250 bytes: MuMuDVB would cut it


@pytest.mark.parametrize("value", HOSTILE)
def test_m3u_title_round_trip(value: str) -> None:
    token = SYNTAXES["m3u"].quote(value)
    playlist = f"#EXTM3U\n#EXTINF:-1,{token}\nudp://@239.255.0.1:1234\n"
    assert m3u_read(playlist) == [(value, "udp://@239.255.0.1:1234")]
    assert not carried("m3u", " padded ") and not carried("m3u", "")


def radius_read(token: str) -> str:
    """A single-quoted FreeRADIUS 3 string (src/main/conffile.c, unlang(5)): literal to
    the closing quote; a backslash would escape the next character."""
    assert token[0] == token[-1] == "'"
    body = token[1:-1]
    assert "'" not in body and "\\" not in body, "an inner quote or backslash changes the string"
    return body


@pytest.mark.parametrize("value", HOSTILE)
def test_radius_literal_string(value: str) -> None:
    if "'" in value or "\\" in value:
        assert not carried("radius", value)
        return
    token = SYNTAXES["radius"].quote(value)
    assert radius_read(token) == value  # "$(reboot)", "{{ }}", "100%": literal, never expanded


def dot_read(token: str) -> str:
    """The text Graphviz itself draws for a node label (dot -Tsvg, its <text> element)."""
    import xml.etree.ElementTree as ET

    svg = subprocess.run(["dot", "-Tsvg"], input=f"digraph {{ n0 [label={token}]; }}", capture_output=True,
                         text=True, check=True).stdout
    texts = [t.text or "" for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]
    assert len(texts) == 1, texts
    return texts[0]


@pytest.mark.parametrize("value", HOSTILE)
def test_dot_label_drawn_as_written(value: str) -> None:
    # Graphviz keeps runs of spaces visible in SVG by drawing all but one as no-break spaces
    assert dot_read(SYNTAXES["dot"].quote(value)).replace("\u00a0", " ") == value
