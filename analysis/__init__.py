"""Opinion-argument analysis: from op-eds to coded, compared arguments.

The package follows the data, one module per step::

    corpus -> clean -> sentences -> tokens -> coding -> reliability
           -> coders -> evaluate -> compare.* -> plots

Importing the package does nothing but define this version string.
"""

__version__ = "0.1.0"
