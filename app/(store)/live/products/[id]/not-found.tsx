import { ProductNotFound } from "@/app/_components/product-not-found";

export default ProductNotFound;
