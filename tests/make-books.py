#!/usr/bin/env python3
"""Picture books for the import-book tests, made on the spot from the
specifications (EPUB 2, EPUB 3 fixed layout with media overlays, Bloom), so no
opaque book is committed; and hostile ones (zip slip, links, a zip bomb, the
billion laughs, an external entity, a huge picture header, a missing OPF).

    make-books.py OUT_DIR MKPICTURE

Pictures come from tests/mkpicture, recordings from sox. Writes the books into
OUT_DIR and, beside each book with narration, BOOK.expect: one line per page
"page clip_seconds..." with the length of each clip, the timings the imported
.vtt must match."""
import os
import subprocess
import sys
import zipfile

out, mkpicture = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
tmp = os.path.join(out, "parts")
os.makedirs(tmp, exist_ok=True)


def pic(name, w, h, kind="png"):
    path = os.path.join(tmp, name)
    subprocess.run([mkpicture, kind, path, str(w), str(h)], check=True)
    return open(path, "rb").read()


def claim(name, w, h):
    path = os.path.join(tmp, name)
    subprocess.run([mkpicture, "claim", path, str(w), str(h)], check=True)
    return open(path, "rb").read()


def tone(name, seconds, rate, freq):
    path = os.path.join(tmp, name)
    bits = ["-b", "16"] if name.endswith(".wav") else []
    subprocess.run(["sox", "-n", "-r", str(rate), "-c", "1"] + bits + [path, "synth",
                    str(seconds), "sine", str(freq), "vol", "0.5"], check=True)
    return open(path, "rb").read()


def book(name, files, mimetype=b"application/epub+zip"):
    with zipfile.ZipFile(os.path.join(out, name), "w") as z:
        if mimetype:
            z.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        for n, data in files:
            z.writestr(zipfile.ZipInfo(n) if isinstance(n, str) else n, data,
                       compress_type=zipfile.ZIP_DEFLATED)


CONTAINER = b"""<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf"
    media-type="application/oebps-package+xml"/></rootfiles></container>"""


def xhtml(body, title="page"):
    return ("""<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>%s</title><style>p { margin: 0 }</style></head><body>%s</body></html>"""
            % (title, body)).encode()


# ---- a reflowable EPUB 2: pictures between paragraphs, a border on every
# page, a publisher's logo, a tiny ornament and a cover.
opf2 = b"""<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id">
 <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
  <dc:title>The Sleepy Owl</dc:title>
  <dc:language>en</dc:language>
  <dc:creator opf:role="aut">Ana Writer</dc:creator>
  <dc:creator opf:role="ill">Ben Painter</dc:creator>
  <dc:publisher>Free Books Press</dc:publisher>
  <dc:rights>CC BY 4.0</dc:rights>
  <dc:identifier id="id">owl-1</dc:identifier>
  <meta name="cover" content="cover-img"/>
 </metadata>
 <manifest>
  <item id="cover-img" href="images/cover.jpg" media-type="image/jpeg"/>
  <item id="c0" href="text/cover.xhtml" media-type="application/xhtml+xml"/>
  <item id="c1" href="text/ch1.xhtml" media-type="application/xhtml+xml"/>
  <item id="c2" href="text/ch2.xhtml" media-type="application/xhtml+xml"/>
  <item id="c3" href="text/ch3.xhtml" media-type="application/xhtml+xml"/>
  <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
 </manifest>
 <spine toc="ncx"><itemref idref="c0"/><itemref idref="c1"/><itemref idref="c2"/>
  <itemref idref="c3"/></spine>
</package>"""
border = '<img src="../images/border.png" alt=""/>'
book("reflow2.epub", [
    ("META-INF/container.xml", CONTAINER),
    ("OEBPS/content.opf", opf2),
    ("OEBPS/images/cover.jpg", pic("cover.jpg", 320, 240, "jpeg")),
    ("OEBPS/images/owl 1.png", pic("owl1.png", 320, 240)),
    ("OEBPS/images/owl2.png", pic("owl2.png", 320, 240)),
    ("OEBPS/images/owl3.png", pic("owl3.png", 320, 240)),
    ("OEBPS/images/owl4.png", pic("owl4.png", 320, 240)),
    ("OEBPS/images/border.png", pic("border.png", 320, 60)),
    ("OEBPS/images/star.png", pic("star.png", 16, 16)),
    ("OEBPS/images/publisher-logo.png", pic("logo.png", 200, 100)),
    ("OEBPS/text/cover.xhtml", xhtml('<div><img src="../images/cover.jpg"/></div>')),
    ("OEBPS/text/ch1.xhtml", xhtml(border + '<h1>The Sleepy Owl</h1><p>Night comes.</p>'
     '<p><img src="../images/owl%201.png" alt="owl"/></p><p>The owl yawns.</p>'
     '<p>Her eyes   are heavy.</p><img src="../images/star.png"/>'
     '<img src="../images/owl2.png"/><p>The moon is up.</p>')),
    ("OEBPS/text/ch2.xhtml", xhtml(border + '<img src="../images/owl3.png"/>'
     '<p>The owl tucks in her wings.</p><script>var x = "no words";</script>')),
    ("OEBPS/text/ch3.xhtml", xhtml(border + '<img src="../images/owl4.png"/><p>Goodnight, '
     'owl.</p><p><img src="../images/publisher-logo.png"/></p>')),
    ("OEBPS/toc.ncx", b"<ncx/>"),
])

# ---- an EPUB 3 fixed layout with media overlays: three pages, clips from
# one MP3 (several clock syntaxes) and, on page 3, an Ogg at another rate.
opf3 = b"""<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id"
  prefix="rendition: http://www.idpf.org/vocab/rendition/#">
 <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
  <dc:title>Moon Song</dc:title>
  <dc:language>sw</dc:language>
  <dc:language>en</dc:language>
  <dc:creator id="a1">Chidi Author</dc:creator>
  <meta refines="#a1" property="role" scheme="marc:relators">aut</meta>
  <dc:contributor id="i1">Dana Artist</dc:contributor>
  <meta refines="#i1" property="role" scheme="marc:relators">ill</meta>
  <dc:publisher>African Storybook</dc:publisher>
  <dc:rights>This work is licensed under CC BY 4.0</dc:rights>
  <dc:identifier id="id">moon-3</dc:identifier>
  <meta property="rendition:layout">pre-paginated</meta>
  <meta property="media:duration">0:00:09</meta>
 </metadata>
 <manifest>
  <item id="cov" href="img/cover.png" media-type="image/png" properties="cover-image"/>
  <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
  <item id="p1" href="p1.xhtml" media-type="application/xhtml+xml" media-overlay="s1"/>
  <item id="p2" href="p2.xhtml" media-type="application/xhtml+xml" media-overlay="s2"/>
  <item id="p3" href="p3.xhtml" media-type="application/xhtml+xml" media-overlay="s3"/>
  <item id="s1" href="smil/p1.smil" media-type="application/smil+xml"/>
  <item id="s2" href="smil/p2.smil" media-type="application/smil+xml"/>
  <item id="s3" href="smil/p3.smil" media-type="application/smil+xml"/>
  <item id="a" href="audio/story.mp3" media-type="audio/mpeg"/>
  <item id="b" href="audio/page3.ogg" media-type="audio/ogg"/>
 </manifest>
 <spine><itemref idref="p1"/><itemref idref="p2"/><itemref idref="p3"/></spine>
</package>"""


def fixed_page(n, words):
    spans = "".join('<span id="w%d">%s</span> ' % (i + 1, w) for i, w in enumerate(words))
    return xhtml('<div><img src="img/small%d.png"/><img src="img/big%d.png"/>'
                 '<p>%s</p></div>' % (n, n, spans))


def smil(n, clips):
    pars = "".join('<par id="par%d"><text src="../p%d.xhtml#w%d"/><audio src="../audio/%s" '
                   'clipBegin="%s" clipEnd="%s"/></par>' % (i, n, i + 1, a, b, e)
                   for i, (a, b, e) in enumerate(clips))
    return ('<smil xmlns="http://www.w3.org/ns/SMIL" version="3.0"><body><seq>%s</seq>'
            '</body></smil>' % pars).encode()


s1 = [("story.mp3", "npt=0.5s", "0:00:01.500"), ("story.mp3", "1500ms", "2.25s")]
s2 = [("story.mp3", "3s", "00:04.125"), ("story.mp3", "4.5s", "6s")]
# page 3 joins the MP3 (44.1 kHz) and the Ogg (22.05 kHz): resampled to the first.
s3 = [("story.mp3", "6s", "6.5s"), ("page3.ogg", "0.25s", "1.25s"), ("page3.ogg", "1.25s", "2.75s")]
files = [("META-INF/container.xml", CONTAINER), ("OEBPS/content.opf", opf3),
         ("OEBPS/img/cover.png", pic("fcover.png", 300, 300)),
         ("OEBPS/nav.xhtml", xhtml('<nav epub:type="toc"><ol><li>Moon</li></ol></nav>')),
         ("OEBPS/audio/story.mp3", tone("story.mp3", 6.5, 44100, 440)),
         ("OEBPS/audio/page3.ogg", tone("page3.ogg", 3, 22050, 330))]
for n, words, clips in ((1, ["The", "moon"], s1), (2, ["sings", "softly"], s2),
                        (3, ["to", "sleep", "now"], s3)):
    files += [("OEBPS/p%d.xhtml" % n, fixed_page(n, words)),
              ("OEBPS/img/small%d.png" % n, pic("small%d.png" % n, 64, 64)),
              ("OEBPS/img/big%d.png" % n, pic("big%d.png" % n, 400, 300)),
              ("OEBPS/smil/p%d.smil" % n, smil(n, clips))]
book("fixed3.epub", files)


def secs(v):
    v = v.replace("npt=", "")
    if v.endswith("ms"):
        return float(v[:-2]) / 1000
    if v.endswith("s"):
        return float(v[:-1])
    parts = [float(p) for p in v.split(":")]
    return sum(p * 60 ** (len(parts) - 1 - i) for i, p in enumerate(parts))


with open(os.path.join(out, "fixed3.epub.expect"), "w") as f:
    for n, clips in ((1, s1), (2, s2), (3, s3)):
        f.write("%d %s\n" % (n, " ".join("%.4f" % (secs(e) - secs(b)) for _, b, e in clips)))

# ---- a Bloom book: English and French, English recorded sentence by
# sentence on page 1, as one text box with end times on page 2.
bloom = """<!DOCTYPE html>
<html><head><meta charset="UTF-8"><title>Book</title></head><body>
<div id="bloomDataDiv">
 <div data-book="bookTitle" lang="en">Little Goat Sleeps</div>
 <div data-book="bookTitle" lang="fr">La petite chèvre dort</div>
 <div data-book="contentLanguage1" lang="*">en</div>
 <div data-book="copyright" lang="*">Copyright © 2020, Pratham Books</div>
 <div data-book="licenseUrl" lang="*">http://creativecommons.org/licenses/by/4.0/</div>
 <div data-book="originalAcknowledgments" lang="en">Story by Eve. Pictures by Fay.</div>
</div>
<div class="bloom-page cover coverColor bloom-frontMatter frontCover" id="cov">
 <div class="bloom-imageContainer"><img src="cover.png"></div></div>
<div class="bloom-page numberedPage" id="pg1">
 <div class="bloom-imageContainer"><img src="goat1.png">
  <div class="bloom-translationGroup bloom-imageDescription"><div class="bloom-editable" lang="en">A goat (described).</div></div></div>
 <div class="bloom-translationGroup">
  <div class="bloom-editable" lang="en"><p><span id="s1" class="audio-sentence">The goat is tired.</span> <span id="s2" class="audio-sentence">She lies down.</span></p></div>
  <div class="bloom-editable" lang="fr"><p>La chèvre est fatiguée. Elle se couche.</p></div>
 </div></div>
<div class="bloom-page numberedPage" id="pg2">
 <div class="bloom-imageContainer"><img src="goat2.png"></div>
 <div class="bloom-translationGroup">
  <div class="bloom-editable audio-sentence" id="box2" lang="en" data-audiorecordingendtimes="0.800 2.000"><p><span class="bloom-highlightSegment">Stars come out.</span> <span class="bloom-highlightSegment">Goodnight, goat.</span></p></div>
  <div class="bloom-editable" lang="fr"><p>Les étoiles sortent. Bonne nuit.</p></div>
 </div></div>
<div class="bloom-page bloom-backMatter" id="back"><div class="bloom-editable" lang="en">The end matter.</div></div>
</body></html>""".encode()
book("goat.bloompub", [
    ("Little Goat/Little Goat.htm", bloom),
    ("Little Goat/cover.png", pic("gcover.png", 300, 200)),
    ("Little Goat/goat1.png", pic("goat1.png", 300, 200)),
    ("Little Goat/goat2.png", pic("goat2.png", 300, 200)),
    ("Little Goat/audio/s1.wav", tone("s1.wav", 1.0, 22050, 500)),
    ("Little Goat/audio/s2.wav", tone("s2.wav", 1.5, 22050, 600)),
    ("Little Goat/audio/box2.wav", tone("box2.wav", 2.0, 22050, 700)),
], mimetype=None)
with open(os.path.join(out, "goat.bloompub.expect"), "w") as f:
    f.write("1 1.0000 1.5000\n2 0.8000 1.2000\n")

# ---- hostile books.
small = [("META-INF/container.xml", CONTAINER), ("OEBPS/content.opf", opf2)]
book("slip.epub", small + [("../../evil.txt", b"outside")])
book("absolute.epub", small + [("/tmp/hushabye-evil.txt", b"outside")])
book("backslash.epub", small + [("..\\evil.txt", b"outside")])
link = zipfile.ZipInfo("OEBPS/images/cover.jpg")
link.create_system = 3
link.external_attr = (0o120777 << 16)
book("link.epub", small + [(link, b"/etc/passwd")])
with zipfile.ZipFile(os.path.join(out, "bomb.epub"), "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("mimetype", b"application/epub+zip")
    zeros = bytes(16 * 1024 * 1024)
    for i in range(12):
        z.writestr("OEBPS/fill%02d.xhtml" % i, zeros)
laughs = b"""<?xml version="1.0"?>
<!DOCTYPE package [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>
<package xmlns="http://www.idpf.org/2007/opf" version="2.0"><metadata>
<dc:title xmlns:dc="http://purl.org/dc/elements/1.1/">&h;</dc:title></metadata>
<manifest><item id="c1" href="ch1.xhtml" media-type="application/xhtml+xml"/></manifest>
<spine><itemref idref="c1"/></spine></package>"""
book("laughs.epub", [("META-INF/container.xml", CONTAINER), ("OEBPS/content.opf", laughs),
                     ("OEBPS/ch1.xhtml", xhtml("<p>Hello.</p>"))])
xxe = b"""<?xml version="1.0"?>
<!DOCTYPE container [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="&x;" media-type="application/oebps-package+xml"/>
</rootfiles></container>"""
book("xxe.epub", [("META-INF/container.xml", xxe), ("OEBPS/content.opf", opf2)])
opf_one = opf2.replace(b'<itemref idref="c0"/><itemref idref="c1"/><itemref idref="c2"/>\n'
                       b'  <itemref idref="c3"/>', b'<itemref idref="c1"/>')
book("hugepic.epub", [("META-INF/container.xml", CONTAINER), ("OEBPS/content.opf", opf_one),
                      ("OEBPS/text/ch1.xhtml", xhtml('<img src="../images/owl2.png"/>')),
                      ("OEBPS/images/owl2.png", claim("huge.png", 100000, 100000))])
book("noopf.epub", [("META-INF/container.xml", CONTAINER),
                    ("OEBPS/text/ch1.xhtml", xhtml("<p>Hello.</p>"))])
with open(os.path.join(out, "notabook.epub"), "w") as f:
    f.write("just some words, not a zip\n")
