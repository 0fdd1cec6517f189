export { CatalogService, type ItemDetail } from './catalog.service';
export { CatalogStats, type ItemLimits } from './catalog.stats';
