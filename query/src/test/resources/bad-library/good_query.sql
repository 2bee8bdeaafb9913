-- name: good_query
-- description: A valid query next to a broken one
SELECT count(*) AS sales FROM sales_history
