#!/usr/bin/python3
"""Compares two NIfTI files with nibabel, for Loupe's tests.

Usage: nifti_compare.py A.nii[.gz] B.nii[.gz]
Prints JSON: both shapes, the largest difference between the affines (sform) and between
the qforms (mm), and the largest difference between the scaled voxel values.
"""
import json
import sys

import nibabel as nib
import numpy as np

a = nib.load(sys.argv[1])
b = nib.load(sys.argv[2])
same_shape = a.shape == b.shape
print(json.dumps({
    "shapeA": list(a.shape),
    "shapeB": list(b.shape),
    "affine": float(np.abs(a.affine - b.affine).max()),
    "qform": float(np.abs(a.get_qform() - b.get_qform()).max()),
    "data": float(np.abs(a.get_fdata() - b.get_fdata()).max()) if same_shape else -1.0,
    "minA": float(a.get_fdata().min()),
}))
