#!/usr/bin/python3
"""Independent reading of a DICOM series with pydicom, for Loupe's tests.

Usage: dicom_probe.py FOLDER I,J,K [I,J,K ...]
Prints JSON: the slice count, rows, columns, the first slice's position (after sorting by
position along the slice normal), the slice spacing, and the rescaled value of each voxel
asked for (i = column, j = row, k = slice in sorted order).
"""
import json
import os
import sys

import numpy as np
import pydicom


def main():
    folder = sys.argv[1]
    wanted = [tuple(int(x) for x in a.split(",")) for a in sys.argv[2:]]
    slices = []
    for name in os.listdir(folder):
        ds = pydicom.dcmread(os.path.join(folder, name))
        slices.append(ds)
    iop = np.array(slices[0].ImageOrientationPatient, dtype=float)
    normal = np.cross(iop[:3], iop[3:])
    slices.sort(key=lambda d: float(np.dot(np.array(d.ImagePositionPatient, dtype=float), normal)))
    positions = [np.dot(np.array(d.ImagePositionPatient, dtype=float), normal) for d in slices]
    values = []
    for i, j, k in wanted:
        d = slices[k]
        pixel = d.pixel_array[j, i]
        values.append(float(pixel) * float(d.RescaleSlope) + float(d.RescaleIntercept))
    print(json.dumps({
        "count": len(slices),
        "rows": int(slices[0].Rows),
        "columns": int(slices[0].Columns),
        "firstPosition": [float(x) for x in slices[0].ImagePositionPatient],
        "sliceSpacing": float(positions[1] - positions[0]) if len(positions) > 1 else 0.0,
        "instanceNumbers": [int(d.InstanceNumber) for d in slices[:3]],
        "sopClass": str(slices[0].SOPClassUID),
        "modality": str(slices[0].Modality),
        "values": values,
    }))


if __name__ == "__main__":
    main()
