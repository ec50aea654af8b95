"""The papers of an event for the ``papers-check`` task: which file of which Editing revision.

A contribution's paper is the file of the configured file type (PDF by default) in the latest
valid revision of its *paper* editable (Indico's Editing module). Only that file is ever listed or
served: not an earlier revision's, not another file type's (sources, slides), not another event's.
"""

from indico.core.db import db
from indico.modules.events.contributions.models.contributions import Contribution
from indico.modules.events.editing.models.editable import Editable, EditableType
from indico.modules.events.editing.models.file_types import EditingFileType
from indico.modules.events.editing.models.revisions import EditingRevision
from indico.util.fs import secure_filename


# The task server's limits on a paper of the papers-check input (longer values would fail the
# whole request); a link's file name is kept short so that the URL stays far below its 2,048 chars.
MAX_CODE_CHARS = 100
MAX_TITLE_CHARS = 1000
MAX_TYPE_CHARS = 200
MAX_FILENAME_CHARS = 100


def paper_file_types(event):
    """The file types of the event's *paper* editables, by name."""
    return (EditingFileType.query.with_parent(event)
            .filter_by(type=EditableType.paper)
            .order_by(db.func.lower(EditingFileType.name), EditingFileType.id)
            .all())


def default_paper_file_type(event):
    """The type named "PDF" (any case), else the first one that accepts the ``pdf`` extension."""
    file_types = paper_file_types(event)
    named = [ft for ft in file_types if ft.name.strip().lower() == 'pdf']
    by_extension = [ft for ft in file_types if 'pdf' in {ext.strip().lstrip('.').lower() for ext in ft.extensions}]
    return next(iter(named + by_extension), None)


def resolve_paper_file_type(event, file_type_id):
    """The configured file type (an id from the event settings), or the default when it is unset or gone."""
    if file_type_id is not None:
        file_type = next((ft for ft in paper_file_types(event) if ft.id == file_type_id), None)
        if file_type is not None:
            return file_type
    return default_paper_file_type(event)


def _paper_file(editable, file_type):
    revision = editable.latest_revision
    if revision is None:
        return None
    files = sorted((f for f in revision.files if f.file_type_id == file_type.id), key=lambda f: f.file_id)
    return files[0] if files else None


def event_papers(event, file_type):
    """``[(contribution, revision_file)]`` of every contribution whose latest paper revision has a file of
    ``file_type``, ordered by program code (contributions without one last), then by id."""
    if file_type is None:
        return []
    editables = (Editable.query
                 .join(Editable.contribution)
                 .filter(Contribution.event_id == event.id, ~Contribution.is_deleted,
                         Editable.type == EditableType.paper)
                 .options(db.contains_eager(Editable.contribution).joinedload(Contribution.type),
                          db.selectinload(Editable.revisions).selectinload(EditingRevision.files))
                 .all())
    papers = [(editable.contribution, _paper_file(editable, file_type)) for editable in editables]
    papers = [(contrib, rev_file) for contrib, rev_file in papers if rev_file is not None]
    return sorted(papers, key=lambda item: (not item[0].code, item[0].code, item[0].id))


def find_paper_file(event, contrib_id, file_id, file_type):
    """The revision file ``file_id`` if it is the paper of contribution ``contrib_id`` of ``event``, else None."""
    if file_type is None:
        return None
    contrib = Contribution.query.with_parent(event).filter_by(id=contrib_id, is_deleted=False).first()
    editable = contrib.get_editable(EditableType.paper) if contrib else None
    rev_file = _paper_file(editable, file_type) if editable else None
    if rev_file is None or rev_file.file_id != file_id:
        return None
    return rev_file


def paper_filename(rev_file):
    """The file's name as the last segment of its link: safe characters, at most ``MAX_FILENAME_CHARS``."""
    name = secure_filename(rev_file.file.filename, f'paper-{rev_file.file_id}.pdf')
    if len(name) <= MAX_FILENAME_CHARS:
        return name
    stem, dot, ext = name.rpartition('.')
    if not dot or len(ext) > 10:
        return name[:MAX_FILENAME_CHARS]
    return f'{stem[:MAX_FILENAME_CHARS - len(ext) - 1]}.{ext}'


def task_paper(contrib, url):
    """One entry of the ``papers-check`` input, within the task server's limits on each field.

    ``type`` is left out for a contribution without a type: the server refuses ``null`` there.
    """
    paper = {'id': str(contrib.id), 'code': contrib.code[:MAX_CODE_CHARS], 'title': contrib.title[:MAX_TITLE_CHARS]}
    if contrib.type is not None:
        paper['type'] = contrib.type.name[:MAX_TYPE_CHARS]
    paper['url'] = url
    return paper

