"""riskstream training pipeline: dataset spec -> cleaning -> features -> models -> ONNX bundle."""
import os

# XGBoost and LightGBM both use OpenMP. With the default active wait policy, their spinning worker threads collapse
# throughput (10-20x slower fits) as soon as the 2-core machine has other load; passive waiting avoids that.
# Must be set before libgomp is loaded, i.e. before xgboost/lightgbm are imported.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

__version__ = "0.1.0"
