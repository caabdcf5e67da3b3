#!/usr/bin/python3
"""Independent decoding of an uncompressed colour DICOM series with pydicom, for Loupe's tests.

Usage: colour_reference.py FOLDER OUT.raw
Sorts the slices by position along the slice normal, converts YBR_FULL and YBR_FULL_422 to
RGB with pydicom's own colour-space conversion, and writes the voxels as raw bytes: slice by
slice, row by row, R G B per pixel. Prints JSON with the shape and the photometric
interpretation.
"""
import json
import os
import sys

import numpy as np
import pydicom
from pydicom.pixel_data_handlers.util import convert_color_space


def main():
    folder, out = sys.argv[1], sys.argv[2]
    slices = [pydicom.dcmread(os.path.join(folder, n)) for n in os.listdir(folder)]
    iop = np.array(slices[0].ImageOrientationPatient, dtype=float)
    normal = np.cross(iop[:3], iop[3:])
    slices.sort(key=lambda d: float(np.dot(np.array(d.ImagePositionPatient, dtype=float), normal)))
    photometric = str(slices[0].PhotometricInterpretation)
    planes = []
    for d in slices:
        rgb = d.pixel_array  # rows x columns x 3, chroma upsampled for YBR_FULL_422
        if photometric.startswith("YBR_FULL"):
            rgb = convert_color_space(rgb, photometric, "RGB")
        planes.append(rgb.astype(np.uint8))
    volume = np.stack(planes)
    volume.tofile(out)
    print(json.dumps({"shape": list(volume.shape), "photometric": photometric}))


main()
