"""Print the text of an OpenDocument file (content.xml), one paragraph or heading per line."""

import sys
import zipfile
from xml.etree import ElementTree

TEXT_NS = 'urn:oasis:names:tc:opendocument:xmlns:text:1.0'
BLOCKS = {f'{{{TEXT_NS}}}p', f'{{{TEXT_NS}}}h'}


def odt_text(path):
    with zipfile.ZipFile(path) as odt:
        mimetype = odt.read('mimetype').decode()
        if not mimetype.startswith('application/vnd.oasis.opendocument.text'):
            raise SystemExit(f'{path}: not an OpenDocument text ({mimetype})')
        root = ElementTree.fromstring(odt.read('content.xml'))
    lines = []
    for element in root.iter():
        if element.tag in BLOCKS:
            lines.append(' '.join(''.join(element.itertext()).split()))
    return '\n'.join(lines)


if __name__ == '__main__':
    sys.stdout.write(odt_text(sys.argv[1]) + '\n')
