"""Predictive maintenance: reliability figures from machine state events, a time-to-failure
model per machine (Weibull, or Kaplan-Meier when failures are few), the probability of a
failure in the next shift, day and week, and maintenance windows chosen against the plan.

    histories = failure_histories(events, now)        # history.py
    figures = machine_figures(histories)              # figures.py: MTBF, MTTR, failure modes
    risks = machine_risks(histories, now, settings)    # risk.py: model and probabilities

Pure computation on plain data (domain records, numbers): run it off the UI thread.
"""
