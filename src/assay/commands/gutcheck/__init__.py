"""/gutcheck: reproductions with statistics and kill criteria."""
