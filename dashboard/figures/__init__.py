"""Pure figure logic: the chart catalogue, the bundle of current datasets, disputes, colours and chart builders."""
