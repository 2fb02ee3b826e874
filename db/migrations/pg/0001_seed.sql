-- The demo catalog and accounts, as in the SQLite seed migrations.
-- The demo catalog: a dozen products so the store is usable on first start. Prices in cents.
INSERT INTO "products" ("id", "name", "description", "price_cents", "currency", "swatch", "position") VALUES
	('linen-apron', 'Linen Apron', 'A stonewashed linen apron with deep pockets and adjustable cross-back straps.', 3800, 'USD', '#b7a58a', 1),
	('enamel-mug', 'Enamel Mug', 'A 350 ml enamel camp mug with a rolled rim; survives the dishwasher and the campfire.', 1600, 'USD', '#2f5d8a', 2),
	('beeswax-candle', 'Beeswax Candle', 'Hand-poured pure beeswax pillar; about forty hours of clean, honey-scented light.', 2200, 'USD', '#e0a526', 3),
	('wool-throw', 'Wool Throw', 'A heavy herringbone throw woven from undyed sheep wool, 130 by 180 cm.', 12500, 'USD', '#8c8279', 4),
	('ceramic-planter', 'Ceramic Planter', 'A matte stoneware planter with a drainage hole and a matching saucer.', 3400, 'USD', '#c96f53', 5),
	('cotton-tote', 'Cotton Tote', 'A heavyweight canvas tote with a zip pocket inside; carries a week of groceries.', 1900, 'USD', '#d8cfb8', 6),
	('walnut-board', 'Walnut Cutting Board', 'An end-grain walnut board, oiled and ready, with a juice groove on one side.', 6800, 'USD', '#5a3b26', 7),
	('glass-carafe', 'Glass Carafe', 'A one-litre borosilicate carafe with a cork stopper that doubles as a cup.', 2800, 'USD', '#9fc6c9', 8),
	('copper-kettle', 'Copper Kettle', 'A stovetop kettle in hammered copper with a brass handle; whistles when ready.', 8900, 'USD', '#b8733f', 9),
	('field-notebook', 'Field Notebook', 'A pocket notebook with 96 dot-grid pages of water-resistant paper.', 900, 'USD', '#3d6b4f', 10),
	('olive-oil-soap', 'Olive Oil Soap', 'A cold-process bar of olive oil soap, cured for eight weeks, unscented.', 700, 'USD', '#a3a86b', 11),
	('merino-socks', 'Merino Socks', 'Cushioned merino wool socks that stay warm when wet; one size fits most.', 2400, 'USD', '#6b4e7d', 12)
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "users" ("id", "email", "name", "role", "password_hash", "created_at") VALUES
  (1, 'demo@example.com', 'Demo Customer', 'customer', 'scrypt$32768$8$1$q+u8lVMKiSf6dunj+rhRtw==$Y+DCZXqFyuEqDaQccAiuybDclUvErCB0kc3Bsu+ijL0=', 1795000000),
  (2, 'admin@example.com', 'Store Admin', 'admin', 'scrypt$32768$8$1$apHAtsmVjljwLr/0KeHPxw==$8BPKVDnKy3gqWK47uJQCJV2xyAMqHIXWV639jS6Gabo=', 1795000000)
ON CONFLICT DO NOTHING;
--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT max(id) FROM users));
