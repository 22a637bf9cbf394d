"""A crime's digital evidence (as `stalkscreen evidence report`): contact timelines with their
charts, escalation, co-location and the source files; the evidence pack as PDF. Like a timeline,
the page asks why it is being opened, and the reason goes into the audit log with the view."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from stalkscreen.evidence import analysis, pack
from stalkscreen.web import render, roles
from stalkscreen.web.context import log, reading
from stalkscreen.web.pages.timeline import PURPOSE_HINT, purpose_of
from stalkscreen.web.roles import Pages

pages = Pages()


def _findings(request: Request, crime_id: str):
    """(purpose, findings), or (None, None) when the purpose is still to be asked; the view is audited."""
    purpose = purpose_of(request)
    if purpose is None:
        return None, None
    with reading(request) as con:
        findings = analysis.report(con, crime_id)
    log(request, "view", request.url.path, purpose=purpose)
    return purpose, findings


def _ask(request: Request, what: str) -> Response:
    return render.page(request, "purpose.html", {}, {"what": what, "hint": PURPOSE_HINT})


@pages.get("/crimes/{crime_id}/evidence", *roles.TIMELINE_READERS)
def evidence(request: Request, crime_id: str) -> Response:
    purpose, findings = _findings(request, crime_id)
    if purpose is None:
        return _ask(request, f"the digital evidence of crime {crime_id}")
    data = {"crime_id": crime_id, "method_version": findings.method_version,
            "parameters": findings.parameters.as_dict(), **findings.tables()}
    if render.wants_json(request):
        return render.page(request, "evidence.html", data, as_json=True)
    return render.page(request, "evidence.html", data, {"purpose": purpose, "charts": pack.drawn(findings),
                                                        "figures": pack.FIGURES})


@pages.get("/crimes/{crime_id}/evidence.pdf", *roles.TIMELINE_READERS)
def evidence_pdf(request: Request, crime_id: str) -> Response:
    purpose, findings = _findings(request, crime_id)
    if purpose is None:
        return _ask(request, f"the evidence pack of crime {crime_id}")
    name = pack.stem(crime_id) + ".pdf"
    return Response(pack.pdf_bytes(findings), media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
