"""QR codes drawn locally (segno), embedded in the PDF as a data URI."""
import base64
import io

import segno


def qr_data_uri(url: str) -> str:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=2)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
