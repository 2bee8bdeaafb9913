-- name: broken_header
-- description: The parameter below has no type
-- param: tenant_id required | Tenant
SELECT count(*) FROM sales_history WHERE tenant_id = ? /* tenant_id */
