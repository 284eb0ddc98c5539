"""riskstream training pipeline: dataset spec -> cleaning -> features -> models -> ONNX bundle."""
__version__ = "0.1.0"
