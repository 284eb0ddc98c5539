import { summariseMetrics } from './model-registry.views.js';

describe('metrics summary', () => {
  it("picks the held-out metrics of a training pipeline's manifest", () => {
    expect(
      summariseMetrics({
        cv: { folds: 5 },
        holdout: {
          rows: 6000,
          rocAuc: 0.915,
          prAuc: 0.83,
          ks: 0.7,
          gini: 0.83,
          brier: 0.085,
          ece: 0.009,
          atDeclineThreshold: { threshold: 0.15, recall: 0.88, precision: 0.58 },
        },
      }),
    ).toEqual({
      rocAuc: 0.915,
      prAuc: 0.83,
      ks: 0.7,
      gini: 0.83,
      brier: 0.085,
      ece: 0.009,
      recallAtDecline: 0.88,
      precisionAtDecline: 0.58,
      declineThreshold: 0.15,
      holdoutRows: 6000,
    });
  });

  it('leaves out what is missing or not a finite number', () => {
    expect(summariseMetrics(undefined)).toEqual({});
    expect(summariseMetrics({ holdout: { rocAuc: 'high', ece: null, ks: 0.5 } })).toEqual({ ks: 0.5 });
  });
});
