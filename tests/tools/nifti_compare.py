#!/usr/bin/python3
"""Compares two NIfTI files with nibabel, for Loupe's tests.

Usage: nifti_compare.py A.nii[.gz] B.nii[.gz]
Prints JSON: both shapes and NIfTI datatypes, the largest difference between the affines (sform) and between
the qforms (mm), and the largest difference between the scaled voxel values.
"""
import json
import sys

import nibabel as nib
import numpy as np



def values(image):
    """Scaled voxels as float; RGB24 images as one more axis of R, G and B."""
    raw = np.asanyarray(image.dataobj)
    if raw.dtype.names:  # RGB24: a structured (R, G, B) dtype
        return np.stack([raw[name] for name in raw.dtype.names], axis=-1).astype(np.float64)
    return image.get_fdata()


a = nib.load(sys.argv[1])
b = nib.load(sys.argv[2])
va, vb = values(a), values(b)
same_shape = va.shape == vb.shape
print(json.dumps({
    "shapeA": list(a.shape),
    "shapeB": list(b.shape),
    "datatypeA": int(a.header["datatype"]),
    "datatypeB": int(b.header["datatype"]),
    "affine": float(np.abs(a.affine - b.affine).max()),
    "qform": float(np.abs(a.get_qform() - b.get_qform()).max()),
    "data": float(np.abs(va - vb).max()) if same_shape else -1.0,
    "minA": float(va.min()),
}))
