"""The perangkat daerah's side of the consultation: OPD staff answer the proposals suggested
for their agency (the desk), the response indicator, the quick-win shortlist."""
