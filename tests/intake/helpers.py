import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

GPS_IFD = 0x8825


def jpeg_with_gps(name="photo.jpg") -> SimpleUploadedFile:
    image = Image.new("RGB", (64, 48), "red")
    exif = image.getexif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[GPS_IFD] = {1: "N", 2: (30.0, 15.0, 10.0), 3: "E", 4: (120.0, 10.0, 5.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    data = buffer.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD)  # the test file has GPS
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def report_data(**extra):
    data = {
        "kind": "livelihood",
        "description": "村里的低保金这个月没有发放",
        "subject_text": "",
        "subject_level": "other",
        "identity": "anonymous",
    }
    data.update(extra)
    return data
