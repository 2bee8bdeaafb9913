-- name: embedding_similarity_candidates
-- title: Embedding similarity candidates
-- description: Products of the same tenant and category whose image embedding is most similar
--   (cosine similarity) to a given product's, for pricing by comparables. Only sales with an
--   embedding of the same length take part; cosine is written with zip_with and reduce, which
--   Athena documents for arrays.
-- param: tenant_id string required | Tenant of the product
-- param: product_id string required | Product to find comparables for
-- param: min_similarity double default=0.8 min=-1 max=1 | Lowest cosine similarity listed
-- param: top_n integer default=10 min=1 max=1000 | Candidates listed
WITH target AS (
  SELECT category, embedding
  FROM sales_history
  WHERE tenant_id = ? /* tenant_id */
    AND product_id = ? /* product_id */
    AND embedding IS NOT NULL
),
candidates AS (
  SELECT
    s.product_id,
    s.brand,
    s.category,
    s.condition,
    s.sold_price,
    reduce(zip_with(s.embedding, t.embedding, (a, b) -> a * b), 0.0E0, (acc, v) -> acc + v, acc -> acc)
      / (sqrt(reduce(s.embedding, 0.0E0, (acc, v) -> acc + v * v, acc -> acc))
        * sqrt(reduce(t.embedding, 0.0E0, (acc, v) -> acc + v * v, acc -> acc))) AS similarity
  FROM sales_history s
  CROSS JOIN target t
  WHERE s.tenant_id = ? /* tenant_id */
    AND s.product_id <> ? /* product_id */
    AND s.embedding IS NOT NULL
    AND cardinality(s.embedding) = cardinality(t.embedding)
    AND s.category = t.category
),
ranked AS (
  SELECT
    product_id,
    brand,
    category,
    condition,
    sold_price,
    similarity,
    ROW_NUMBER() OVER (ORDER BY similarity DESC, product_id) AS similarity_rank
  FROM candidates
  WHERE similarity >= ? /* min_similarity */
)
SELECT similarity_rank, product_id, brand, category, condition, sold_price, similarity
FROM ranked
WHERE similarity_rank <= ? /* top_n */
ORDER BY similarity_rank
