"""Make the papers of the end-to-end run with real producers.

- LibreOffice (``soffice --headless --convert-to pdf``, a fresh profile) exports flat ODT documents
  at a given page size, with their fonts embedded: the JACoW size (595 x 792 pt) is a good paper,
  A4 (595 x 842 pt) and US Letter (612 x 792 pt) are page-size errors.
- A PDF written here by hand that uses Helvetica, one of the standard 14 fonts, without
  embedding it: "fonts not embedded".
- An HTML error page saved under a .pdf name: unreadable.

Usage: python make_pdfs.py <out dir>   (prints the made files as JSON)
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

# width, height in inches (LibreOffice page layouts): 595 x 792 pt, 595.3 x 841.9 pt, 612 x 792 pt
PAGE_SIZES = {'jacow': ('8.2639in', '11in'), 'a4': ('210mm', '297mm'), 'letter': ('8.5in', '11in')}

FODT = '''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
  office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:font-face-decls>
  <style:font-face style:name="DejaVu Serif" svg:font-family="'DejaVu Serif'"
    xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
 </office:font-face-decls>
 <office:styles>
  <style:default-style style:family="paragraph">
   <style:text-properties style:font-name="DejaVu Serif" fo:font-size="10pt"/>
  </style:default-style>
 </office:styles>
 <office:automatic-styles>
  <style:page-layout style:name="pm1">
   <style:page-layout-properties fo:page-width="{width}" fo:page-height="{height}"
     fo:margin-top="0.75in" fo:margin-bottom="0.75in" fo:margin-left="0.75in" fo:margin-right="0.75in"/>
  </style:page-layout>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="pm1"/>
 </office:master-styles>
 <office:body>
  <office:text>
   <text:h text:outline-level="1">{title}</text:h>
   <text:p>This paper was exported by LibreOffice for the JPSP end-to-end test.</text:p>
  </office:text>
 </office:body>
</office:document>
'''


def libreoffice_pdfs(out_dir, papers):
    """``papers``: ``{name: (page size key, title)}``; converts all of them in one soffice run."""
    with tempfile.TemporaryDirectory(prefix='jpsp-lo-') as work:
        work = Path(work)
        sources = []
        for name, (size, title) in papers.items():
            width, height = PAGE_SIZES[size]
            source = work / f'{name}.fodt'
            source.write_text(FODT.format(width=width, height=height, title=title), encoding='utf-8')
            sources.append(str(source))
        subprocess.run(['soffice', f'-env:UserInstallation=file://{work}/profile', '--headless', '--norestore',
                        '--convert-to', 'pdf', '--outdir', str(out_dir), *sources],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=300)
    made = {name: out_dir / f'{name}.pdf' for name in papers}
    missing = [name for name, path in made.items() if not path.is_file()]
    if missing:
        raise RuntimeError(f'LibreOffice did not export {missing}')
    return made


def standard14_pdf(path, title):
    """A one-page PDF (595 x 792 pt) whose text uses Helvetica without embedding it."""
    text = title.replace('\\', '\\\\').replace('(', '\\(').replace(')', '\\)')
    stream = f'BT /F1 14 Tf 72 700 Td ({text}) Tj ET'.encode('latin-1')
    objects = [
        b'<< /Type /Catalog /Pages 2 0 R >>',
        b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 792] /Resources << /Font << /F1 4 0 R >> >> '
        b'/Contents 5 0 R >>',
        b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
        b'<< /Length %d >>\nstream\n' % len(stream) + stream + b'\nendstream',
    ]
    out = bytearray(b'%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b'%d 0 obj\n' % number + body + b'\nendobj\n'
    xref = len(out)
    out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objects) + 1)
    out += b''.join(b'%010d 00000 n \n' % offset for offset in offsets)
    out += b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def make_all(out_dir):
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    made = libreoffice_pdfs(out_dir, {
        'good-jacow': ('jacow', 'A paper at the JACoW page size'),
        'good-jacow-2': ('jacow', 'Another paper at the JACoW page size'),
        'bad-a4': ('a4', 'A paper at A4'),
        'bad-letter': ('letter', 'A paper at US Letter'),
    })
    made['bad-standard14'] = standard14_pdf(out_dir / 'bad-standard14.pdf', 'Helvetica, not embedded')
    made['bad-html'] = out_dir / 'bad-html.pdf'
    made['bad-html'].write_text('<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>\n')
    return made


if __name__ == '__main__':
    print(json.dumps({name: str(path) for name, path in make_all(sys.argv[1]).items()}, indent=2))
