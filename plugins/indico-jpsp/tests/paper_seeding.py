"""Papers in Indico's Editing module: file types, paper editables, revisions and their files.

Used by the pytest suite (inside Indico's ``db`` fixture, with its in-memory storage) and by the
end-to-end seed script (a real Indico with file-system storage).
"""

from indico.core.db import db
from indico.modules.events.contributions.models.types import ContributionType
from indico.modules.events.editing.models.editable import Editable, EditableType
from indico.modules.events.editing.models.file_types import EditingFileType
from indico.modules.events.editing.models.revision_files import EditingRevisionFile
from indico.modules.events.editing.models.revisions import (EditingRevision, FinalRevisionState,
                                                            InitialRevisionState)
from indico.modules.files.models.files import File
from indico.util.date_time import now_utc


PDF = 'application/pdf'


def pdf_bytes(label):
    """A stand-in for a PDF in the pytest suite (Indico only stores and serves it)."""
    return f'%PDF-1.7\n% {label}\n%%EOF\n'.encode()


def create_paper_file_types(event, pdf_name='PDF'):
    """The usual JACoW setup: a required, publishable PDF and the sources (several files)."""
    pdf = EditingFileType(event=event, type=EditableType.paper, name=pdf_name, extensions=['pdf'], required=True,
                          publishable=True)
    source = EditingFileType(event=event, type=EditableType.paper, name='Source files',
                             extensions=['docx', 'odt', 'tex', 'zip'], allow_multiple_files=True)
    db.session.add_all([pdf, source])
    db.session.flush()
    return {'pdf': pdf, 'source': source}


def set_contribution_type(contribution, name):
    event = contribution.event
    contrib_type = ContributionType.query.with_parent(event).filter_by(name=name).first()
    if contrib_type is None:
        contrib_type = ContributionType(event=event, name=name)
    contribution.type = contrib_type


def add_paper_revision(contribution, submitter, files, replaced=False):
    """Add a revision to the paper editable of ``contribution`` (created if needed).

    ``files`` is ``[(file_type, filename, content_type, data)]``; a ``replaced`` revision was reviewed
    ("needs changes"), so a later one becomes the latest. Returns ``{filename: EditingRevisionFile}``.
    """
    editable = contribution.get_editable(EditableType.paper)
    if editable is None:
        editable = Editable(contribution=contribution, type=EditableType.paper)
        db.session.add(editable)
    if replaced:
        revision = EditingRevision(editable=editable, submitter=submitter,
                                   initial_state=InitialRevisionState.ready_for_review,
                                   final_state=FinalRevisionState.needs_submitter_changes, reviewed_dt=now_utc())
    else:
        revision = EditingRevision(editable=editable, submitter=submitter,
                                   initial_state=InitialRevisionState.ready_for_review)
    db.session.add(revision)
    db.session.flush()
    stored = {}
    for file_type, filename, content_type, data in files:
        file = File(filename=filename, content_type=content_type)
        file.save(('event', contribution.event.id, 'editing', editable.id, revision.id), data)
        file.claim()
        stored[filename] = EditingRevisionFile(revision=revision, file=file, file_type=file_type)
        db.session.add(stored[filename])
    db.session.flush()
    return stored


def seed_papers(event, submitter):
    """The pytest papers: MOA01 has two revisions (the latest holds the paper); MOA02 a PDF and sources,
    no contribution type; TUP01 sources only; TUP02 no paper; TUP03 a poster's PDF (a blank in the name).

    Returns ``{filename: EditingRevisionFile}``.
    """
    types = create_paper_file_types(event)
    by_code = {c.code: c for c in event.contributions}
    set_contribution_type(by_code['MOA01'], 'Invited Oral')
    for code in ('TUP01', 'TUP02', 'TUP03'):
        set_contribution_type(by_code[code], 'Poster')
    files = {}
    files.update(add_paper_revision(by_code['MOA01'], submitter, [(types['pdf'], 'MOA01-old.pdf', PDF,
                                                                   pdf_bytes('MOA01 v1'))], replaced=True))
    files.update(add_paper_revision(by_code['MOA01'], submitter, [(types['pdf'], 'MOA01.pdf', PDF,
                                                                   pdf_bytes('MOA01 v2'))]))
    files.update(add_paper_revision(by_code['MOA02'], submitter, [
        (types['pdf'], 'MOA02.pdf', PDF, pdf_bytes('MOA02')),
        (types['source'], 'MOA02.docx', 'application/octet-stream', b'PK docx'),
    ]))
    files.update(add_paper_revision(by_code['TUP01'], submitter, [(types['source'], 'TUP01.odt',
                                                                   'application/octet-stream', b'PK odt')]))
    files.update(add_paper_revision(by_code['TUP03'], submitter, [(types['pdf'], 'TUP03 poster.pdf', PDF,
                                                                   pdf_bytes('TUP03'))]))
    return files
