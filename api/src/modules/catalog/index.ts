export { CatalogService, type ItemDetail } from './catalog.service';
