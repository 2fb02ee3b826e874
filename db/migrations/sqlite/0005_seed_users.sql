-- Demo accounts (DESIGN.md section 5): demo@example.com / demo-password (customer) and
-- admin@example.com / admin-password (admin). Hashes are scrypt (lib/auth/password.ts).
INSERT INTO `users` (`id`, `email`, `name`, `role`, `password_hash`, `created_at`) VALUES
  (1, 'demo@example.com', 'Demo Customer', 'customer', 'scrypt$32768$8$1$q+u8lVMKiSf6dunj+rhRtw==$Y+DCZXqFyuEqDaQccAiuybDclUvErCB0kc3Bsu+ijL0=', 1795000000),
  (2, 'admin@example.com', 'Store Admin', 'admin', 'scrypt$32768$8$1$apHAtsmVjljwLr/0KeHPxw==$8BPKVDnKy3gqWK47uJQCJV2xyAMqHIXWV639jS6Gabo=', 1795000000)
ON CONFLICT DO NOTHING;
