"""Building the clause model: data sets, training, ONNX export, calibration, the TF-IDF baseline,
evaluations and the model card. A tool for developers; the app never imports it.
"""
